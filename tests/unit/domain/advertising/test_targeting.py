"""Targeting built from the brand's audiences."""

from __future__ import annotations

from uuid import uuid4

import pytest
from tests.unit.domain.advertising.campaign_builders import NOW

from umt.domain.advertising.errors import CampaignInvalid
from umt.domain.advertising.targeting import AdTargeting
from umt.domain.brand.audience import AgeRange, Audience


def audience(**overrides: object) -> Audience:
    fields: dict[str, object] = {
        "id": uuid4(),
        "persona_name": "Founder",
        "created_at": NOW,
        "updated_at": NOW,
    }
    fields.update(overrides)
    return Audience(**fields)  # type: ignore[arg-type]


def test_audiences_combine_as_a_union() -> None:
    first = audience(age_range=AgeRange(25, 40), locations=("DE", "Berlin"), interests=("saas",))
    second = audience(age_range=AgeRange(30, 55), locations=("fr",), interests=("saas", "b2b"))
    targeting = AdTargeting.from_audiences([first, second], languages=("EN",))
    assert targeting.countries == ("DE", "FR")  # "Berlin" is not a country code
    assert (targeting.age_min, targeting.age_max) == (25, 55)
    assert targeting.interests == ("saas", "b2b")
    assert targeting.languages == ("en",)
    assert targeting.audience_ids == (first.id, second.id)


def test_an_audience_without_ages_opens_the_range() -> None:
    targeting = AdTargeting.from_audiences([audience(age_range=AgeRange(25, 40)), audience()])
    assert (targeting.age_min, targeting.age_max) == (None, None)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"countries": ("Germany",)},
        {"languages": ("english",)},
        {"genders": ("other",)},
        {"age_min": 10},
        {"age_min": 50, "age_max": 30},
    ],
)
def test_invalid_targeting_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(CampaignInvalid):
        AdTargeting(**kwargs)  # type: ignore[arg-type]
