"""GetAttributionReport: the range in the brand's time zone, the models asked for side by
side, the dimension, the label, and the refusals (Shapley over 15 keys, bad parameters)."""

from __future__ import annotations

from uuid import UUID

import pytest
from tests.unit.application.attribution.attribution_support import brand_of, json_path, touch

from umt.application.attribution.record_paths import PathsRecorded, RecordConversionPaths
from umt.application.attribution.report import GetAttributionReport
from umt.application.attribution.views import AttributionReport
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.attribution.errors import TooManyKeys
from umt.domain.attribution.models import INTERPRETATION
from umt.domain.shared.errors import InvalidValue


async def record(
    bus: MessageBus, owner: Principal, brand_id: UUID, *paths: dict[str, object]
) -> None:
    command = RecordConversionPaths(brand_id=brand_id, paths=list(paths))
    await bus.ask(command, PathsRecorded, owner)


async def report(
    bus: MessageBus, owner: Principal, brand_id: UUID, **kw: object
) -> AttributionReport:
    given: dict[str, object] = {"start": "2026-03-01", "end": "2026-03-31", **kw}
    return await bus.ask(GetAttributionReport(brand_id=brand_id, **given), AttributionReport, owner)


async def test_the_models_side_by_side_with_the_label(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    await record(
        bus,
        owner,
        brand.id,
        json_path(
            "p1",
            touch("a", "2026-03-01T09:00:00Z"),
            touch("b", "2026-03-02T09:00:00Z"),
            at="2026-03-02T09:00:00Z",
            value=10,
        ),
        json_path("p2", touch("b", "2026-03-03T09:00:00Z"), at="2026-03-03T10:00:00Z", value=20),
    )
    found = await report(bus, owner, brand.id, models=["last_touch", "first_touch", "last_touch"])
    assert found.models == ("last_touch", "first_touch")
    assert found.interpretation == INTERPRETATION
    assert "association, not causation" in found.interpretation
    # rows by the first model's credit: b has both last touches
    assert [
        (r.key, r.credits["last_touch"].conversions, r.credits["first_touch"].value)
        for r in found.rows
    ] == [
        ("b", 2.0, 20.0),
        ("a", 0.0, 10.0),
    ]
    assert (found.paths, found.conversions, found.value, found.dimension) == (
        2,
        2.0,
        30.0,
        "channel",
    )
    every = await report(bus, owner, brand.id)
    assert every.models == (
        "first_touch",
        "last_touch",
        "linear",
        "position_based",
        "time_decay",
        "markov",
        "shapley",
    )


async def test_the_range_is_whole_days_in_the_brands_time_zone(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner, zone="America/New_York")
    # 2026-03-01T02:00Z is still February 28 in New York; 2026-04-01T03:00Z is March 31
    await record(
        bus,
        owner,
        brand.id,
        json_path("feb", touch("a", "2026-03-01T01:00:00Z"), at="2026-03-01T02:00:00Z"),
        json_path("mar", touch("b", "2026-04-01T02:00:00Z"), at="2026-04-01T03:00:00Z"),
    )
    found = await report(bus, owner, brand.id)
    assert [r.key for r in found.rows] == ["b"]
    assert found.time_zone == "America/New_York"


async def test_shapley_over_more_than_15_keys_is_refused_but_the_other_models_run(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    paths = [
        json_path(
            f"p{i}",
            touch("email", "2026-03-01T09:00:00Z", content=f"c{i}"),
            at="2026-03-01T10:00:00Z",
        )
        for i in range(16)
    ]
    await record(bus, owner, brand.id, *paths)
    with pytest.raises(TooManyKeys, match="at most 15"):
        await report(bus, owner, brand.id, dimension="content")
    found = await report(bus, owner, brand.id, dimension="content", models=["linear", "markov"])
    assert len(found.rows) == 16
    by_channel = await report(bus, owner, brand.id)
    assert [(r.key, r.credits["shapley"].conversions) for r in by_channel.rows] == [("email", 16.0)]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"start": "2026-03-31", "end": "2026-03-01"}, "end"),
        ({"start": "2025-01-01", "end": "2026-03-01"}, "end"),
        ({"start": "March"}, "start"),
        ({"dimension": "audience"}, "dimension"),
        ({"models": ["last_touch", "data_driven"]}, "models"),
        ({"models": []}, "models"),
        ({"half_life_hours": 0}, "half_life_hours"),
    ],
)
async def test_bad_parameters_are_refused(
    bus: MessageBus, owner: Principal, kw: dict[str, object], field: str
) -> None:
    brand = await brand_of(bus, owner)
    with pytest.raises(InvalidValue) as caught:
        await report(bus, owner, brand.id, **kw)
    assert caught.value.field == field
