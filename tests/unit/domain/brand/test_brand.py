"""The Brand aggregate: invariants, events and optimistic concurrency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from umt.domain.brand.audience import AgeRange, Audience, Competitor
from umt.domain.brand.brand import Brand, BrandStatus
from umt.domain.brand.errors import (
    AgeRangeInvalid,
    BrandIsArchived,
    DuplicateAudience,
    DuplicateCompetitor,
    VoiceGuideContradiction,
)
from umt.domain.brand.voice import Font, PaletteColor, VisualStyling, VoiceGuide
from umt.domain.shared.errors import InvalidValue, NotFound, StaleVersion
from umt.domain.shared.values import HexColor, Slug, Url

NOW = datetime(2026, 1, 1, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


def make_brand(name: str = "Acme Coffee") -> Brand:
    return Brand.create(id=uuid4(), organization_id=uuid4(), name=name, slug=None, now=NOW)


def make_audience(name: str = "Busy CTO") -> Audience:
    return Audience(id=uuid4(), persona_name=name, created_at=NOW, updated_at=NOW)


def event_types(brand: Brand) -> list[str]:
    return [e.event_type for e in brand.events]


def test_create_derives_slug_and_records_event() -> None:
    brand = make_brand("Acme Coffee Roasters")
    assert brand.slug == Slug("acme-coffee-roasters")
    assert brand.version == 1
    assert event_types(brand) == ["brand.created"]


def test_update_bumps_version_and_lists_changed_fields() -> None:
    brand = make_brand()
    brand.update({"industry": "food", "name": "Acme Coffee"}, now=LATER, expected_version=1)
    assert brand.version == 2
    assert brand.updated_at == LATER
    assert brand.events[-1].data == {
        "changed": ["industry"],
        "before": {"industry": ""},
        "after": {"industry": "food"},
    }


def test_update_without_change_records_nothing() -> None:
    brand = make_brand()
    brand.update({"name": "Acme Coffee"}, now=LATER)
    assert brand.version == 1
    assert event_types(brand) == ["brand.created"]


def test_stale_version_is_refused_and_changes_nothing() -> None:
    brand = make_brand()
    brand.update({"industry": "food"}, now=LATER)
    with pytest.raises(StaleVersion):
        brand.update({"industry": "tea"}, now=LATER, expected_version=1)
    assert brand.industry == "food"


def test_invalid_update_leaves_brand_untouched() -> None:
    brand = make_brand()
    with pytest.raises(InvalidValue):
        brand.update({"name": "  "}, now=LATER)
    assert brand.name == "Acme Coffee"
    assert brand.version == 1


def test_unknown_field_is_refused() -> None:
    with pytest.raises(InvalidValue):
        make_brand().update({"owner": "me"}, now=LATER)


def test_archived_brand_refuses_changes_until_restored() -> None:
    brand = make_brand()
    brand.archive(now=LATER)
    assert brand.status is BrandStatus.ARCHIVED
    with pytest.raises(BrandIsArchived):
        brand.update({"industry": "food"}, now=LATER)
    with pytest.raises(BrandIsArchived):
        brand.add_audience(make_audience(), now=LATER)
    brand.restore(now=LATER)
    brand.update({"industry": "food"}, now=LATER)
    assert event_types(brand) == [
        "brand.created",
        "brand.archived",
        "brand.restored",
        "brand.updated",
    ]


def test_archiving_twice_is_idempotent() -> None:
    brand = make_brand()
    brand.archive(now=LATER)
    brand.archive(now=LATER)
    assert brand.version == 2
    assert event_types(brand).count("brand.archived") == 1


def test_audience_persona_names_are_unique_case_insensitively() -> None:
    brand = make_brand()
    brand.add_audience(make_audience("Busy CTO"), now=LATER)
    with pytest.raises(DuplicateAudience):
        brand.add_audience(make_audience("busy cto"), now=LATER)
    assert len(brand.audiences) == 1


def test_audience_update_versions_independently() -> None:
    brand = make_brand()
    audience = make_audience()
    brand.add_audience(audience, now=NOW)
    updated = brand.update_audience(
        audience.id, {"locations": ("Berlin", "Berlin", "Paris")}, now=LATER, expected_version=1
    )
    assert updated.version == 2
    assert updated.locations == ("Berlin", "Paris")
    assert brand.version == 1
    with pytest.raises(StaleVersion):
        brand.update_audience(audience.id, {"goals": ("x",)}, now=LATER, expected_version=1)


def test_removing_an_unknown_audience_is_not_found() -> None:
    with pytest.raises(NotFound):
        make_brand().remove_audience(uuid4(), now=LATER)


def test_audience_events() -> None:
    brand = make_brand()
    audience = make_audience()
    brand.add_audience(audience, now=NOW)
    brand.update_audience(audience.id, {"persona_name": "CTO"}, now=LATER)
    brand.archive_audience(audience.id, now=LATER)
    brand.remove_audience(audience.id, now=LATER)
    assert event_types(brand)[1:] == [
        "brand.audience_added",
        "brand.audience_updated",
        "brand.audience_archived",
        "brand.audience_removed",
    ]


def test_competitor_names_are_unique() -> None:
    brand = make_brand()
    brand.add_competitor(
        Competitor(id=uuid4(), name="Globex", created_at=NOW, updated_at=NOW), now=NOW
    )
    with pytest.raises(DuplicateCompetitor):
        brand.add_competitor(
            Competitor(id=uuid4(), name="GLOBEX", created_at=NOW, updated_at=NOW), now=NOW
        )


@pytest.mark.parametrize(("low", "high"), [(12, 30), (30, 20), (18, 121)])
def test_bad_age_ranges_are_refused(low: int, high: int) -> None:
    with pytest.raises(AgeRangeInvalid):
        AgeRange(low, high)


def test_voice_guide_refuses_a_phrase_both_used_and_avoided() -> None:
    with pytest.raises(VoiceGuideContradiction):
        VoiceGuide(phrases_to_use=("Game changer",), phrases_to_avoid=("game changer",))


def test_voice_guide_refuses_a_phrase_with_a_banned_word() -> None:
    with pytest.raises(VoiceGuideContradiction):
        VoiceGuide(phrases_to_use=("truly revolutionary coffee",), banned_words=("Revolutionary",))


def test_voice_guide_bounds_reading_grade() -> None:
    with pytest.raises(InvalidValue):
        VoiceGuide(reading_grade=0)
    assert VoiceGuide(reading_grade=8).reading_grade == 8


def test_styling_refuses_duplicate_palette_roles() -> None:
    with pytest.raises(InvalidValue):
        VisualStyling(
            palette=(
                PaletteColor(role="primary", color=HexColor("#000")),
                PaletteColor(role="Primary", color=HexColor("#fff")),
            )
        )


def test_styling_holds_colors_fonts_and_logo() -> None:
    styling = VisualStyling(
        palette=(PaletteColor(role="primary", color=HexColor("#ABCDEF")),),
        fonts=(Font(role="heading", family="Inter"),),
        logo_url=Url("https://acme.example/logo.svg"),
    )
    assert styling.palette[0].color.value == "#abcdef"


def test_time_zone_is_utc_by_default_and_must_be_an_iana_zone() -> None:
    brand = make_brand()
    assert brand.time_zone == "UTC"
    brand.update({"time_zone": "Asia/Tokyo"}, now=LATER)
    assert brand.time_zone == "Asia/Tokyo"
    assert brand.events[-1].data["after"] == {"time_zone": "Asia/Tokyo"}
    with pytest.raises(InvalidValue) as refused:
        brand.update({"time_zone": "Asia/Atlantis"}, now=LATER)
    assert refused.value.field == "time_zone"
    assert (brand.time_zone, brand.version) == ("Asia/Tokyo", 2)


def test_blackout_dates_are_sorted_without_repeats_and_only_dates() -> None:
    from umt.domain.brand.brand import blackout_dates

    assert blackout_dates([date(2026, 12, 25), date(2026, 12, 24), date(2026, 12, 25)]) == (
        date(2026, 12, 24),
        date(2026, 12, 25),
    )
    for bad in (["2026-12-24"], [datetime(2026, 12, 24, tzinfo=UTC)], [None], "2026-12-24"):
        with pytest.raises(InvalidValue):
            blackout_dates(bad)
    with pytest.raises(InvalidValue):
        blackout_dates([date(2026, 1, 1) + timedelta(days=n) for n in range(367)])
