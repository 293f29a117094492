"""First touch, last touch, linear, position-based (40/20/40) and time decay, each against a
credit computed by hand (the arithmetic is in the comment above each assertion)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.domain.attribution.support import DAY, T0, path

from umt.domain.attribution.journeys import Credit
from umt.domain.attribution.models import Model, attribute
from umt.domain.attribution.paths import ConversionPath, Touchpoint
from umt.domain.shared.errors import InvalidValue

# Three converting paths and one that did not convert:
#   p1: email → social → search   worth 100
#   p2: social → search           worth 50
#   p3: search                    worth 10
#   p4: email → social            (no conversion: no rule-based credit)
PATHS = [
    path("email social search", value="100"),
    path("social search", value="50"),
    path("search", value="10"),
    path("email social", converted=False),
]


def credit_of(model: Model) -> dict[str, tuple[float, float]]:
    found = attribute(PATHS, models=[model]).credits[model]
    return {k: (round(c.conversions, 9), round(c.value, 9)) for k, c in found.items()}


def test_first_touch_gives_each_conversion_to_its_first_touchpoint() -> None:
    # p1 → email (1, 100); p2 → social (1, 50); p3 → search (1, 10)
    assert credit_of(Model.FIRST_TOUCH) == {
        "email": (1.0, 100.0),
        "social": (1.0, 50.0),
        "search": (1.0, 10.0),
    }


def test_last_touch_gives_each_conversion_to_its_last_touchpoint() -> None:
    # p1, p2 and p3 all end on search: 3 conversions, 100 + 50 + 10 = 160
    assert credit_of(Model.LAST_TOUCH) == {"search": (3.0, 160.0)}


def test_linear_splits_each_conversion_equally() -> None:
    # p1: 1/3 each (value 100/3 each); p2: 1/2 each (25 each); p3: search 1 (10)
    # email  = 1/3            value 100/3
    # social = 1/3 + 1/2 = 5/6, value 100/3 + 25 = 58.333…
    # search = 1/3 + 1/2 + 1 = 11/6, value 100/3 + 25 + 10 = 68.333…
    assert credit_of(Model.LINEAR) == {
        "email": (round(1 / 3, 9), round(100 / 3, 9)),
        "social": (round(5 / 6, 9), round(100 / 3 + 25, 9)),
        "search": (round(11 / 6, 9), round(100 / 3 + 35, 9)),
    }


def test_linear_counts_a_channel_touched_twice_twice() -> None:
    # a → a → b: a gets 2/3, b 1/3
    found = attribute([path("a a b")], models=[Model.LINEAR]).credits[Model.LINEAR]
    assert found["a"].conversions == pytest.approx(2 / 3)
    assert found["b"].conversions == pytest.approx(1 / 3)


def test_position_based_is_40_20_40_with_the_middle_shared() -> None:
    # p1 (three touches): email 0.4, social 0.2 (the whole middle), search 0.4
    # p2 (two touches, documented edge case): social 0.5, search 0.5
    # p3 (one touch, documented edge case): search 1
    # email  = 0.4,             value 40
    # social = 0.2 + 0.5 = 0.7, value 20 + 25 = 45
    # search = 0.4 + 0.5 + 1 = 1.9, value 40 + 25 + 10 = 75
    assert credit_of(Model.POSITION_BASED) == {
        "email": (0.4, 40.0),
        "social": (0.7, 45.0),
        "search": (1.9, 75.0),
    }


def test_position_based_shares_the_20_percent_among_several_middle_touchpoints() -> None:
    # a b c d e: a 0.4, e 0.4, b c d 0.2 / 3 each
    found = attribute([path("a b c d e")], models=[Model.POSITION_BASED]).credits
    shares = {k: c.conversions for k, c in found[Model.POSITION_BASED].items()}
    assert shares == pytest.approx({"a": 0.4, "b": 0.2 / 3, "c": 0.2 / 3, "d": 0.2 / 3, "e": 0.4})


def test_time_decay_halves_the_weight_every_half_life_before_the_conversion() -> None:
    # touches 14, 7 and 0 days before the conversion, half-life 7 days:
    # raw weights 2^-2 = 0.25, 2^-1 = 0.5, 2^0 = 1; sum 1.75
    # a = 0.25 / 1.75 = 1/7, b = 0.5 / 1.75 = 2/7, c = 1 / 1.75 = 4/7 (value 70 → 10, 20, 40)
    conversion = T0 + 14 * DAY
    one = ConversionPath(
        key="decay",
        touchpoints=(
            Touchpoint(channel="a", at=T0),
            Touchpoint(channel="b", at=T0 + 7 * DAY),
            Touchpoint(channel="c", at=conversion),
        ),
        converted_at=conversion,
        value=70,
    )
    found = attribute([one], models=[Model.TIME_DECAY], half_life=timedelta(days=7))
    assert {k: (c.conversions, c.value) for k, c in found.credits[Model.TIME_DECAY].items()} == {
        "a": pytest.approx((1 / 7, 10.0)),
        "b": pytest.approx((2 / 7, 20.0)),
        "c": pytest.approx((4 / 7, 40.0)),
    }


def test_a_shorter_half_life_favours_the_last_touchpoints() -> None:
    # a 2 days before, b 1 day before the conversion: half-life 1 day → 0.25 : 0.5 = 1/3 : 2/3;
    # half-life 1 hour → a's weight 2^-48 against b's 2^-24: b takes almost everything
    one = path("a b")
    slow = attribute([one], models=[Model.TIME_DECAY], half_life=DAY).credits
    fast = attribute([one], models=[Model.TIME_DECAY], half_life=timedelta(hours=1)).credits
    assert slow[Model.TIME_DECAY]["b"].conversions == pytest.approx(2 / 3)
    assert fast[Model.TIME_DECAY]["b"].conversions == pytest.approx(1.0)


def test_a_half_life_of_zero_is_refused() -> None:
    with pytest.raises(InvalidValue):
        attribute(PATHS, models=[Model.TIME_DECAY], half_life=timedelta(0))


@pytest.mark.parametrize("model", list(Model))
def test_every_model_shares_out_exactly_the_conversions_and_their_value(model: Model) -> None:
    found = attribute(PATHS, models=[model])
    total = sum((c for c in found.credits[model].values()), Credit())
    assert (found.paths, found.unconverted_paths) == (3, 1)
    assert total.conversions == pytest.approx(3.0)
    assert total.value == pytest.approx(160.0)
