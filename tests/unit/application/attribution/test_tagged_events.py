"""RecordTaggedEvents: clicks on tagged links kept per visitor until a conversion closes them
into a conversion path; idempotent by event id; every bad row listed."""

from __future__ import annotations

from uuid import UUID

import pytest
from tests.unit.application.attribution.attribution_support import brand_of, click, conversion

from umt.application.attribution.report import GetAttributionReport
from umt.application.attribution.tagged_events import RecordTaggedEvents, TaggedEventsRecorded
from umt.application.attribution.views import AttributionReport
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.attribution.errors import PathsRejected
from umt.domain.shared.errors import InvalidValue

TAGGED = "https://acme.example/menu?utm_source=linkedin&utm_medium=social&utm_campaign=spring&utm_content=post-1"


async def send(
    bus: MessageBus, owner: Principal, brand_id: UUID, *events: dict[str, str], lookback: int = 30
) -> TaggedEventsRecorded:
    command = RecordTaggedEvents(brand_id=brand_id, events=list(events), lookback_days=lookback)
    return await bus.ask(command, TaggedEventsRecorded, owner)


async def report(
    bus: MessageBus, owner: Principal, brand_id: UUID, dimension: str = "channel"
) -> AttributionReport:
    query = GetAttributionReport(
        brand_id=brand_id, start="2026-03-01", end="2026-03-31", dimension=dimension
    )
    return await bus.ask(query, AttributionReport, owner)


async def test_a_conversion_closes_the_visitors_clicks_into_a_path(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    first = await send(
        bus,
        owner,
        brand.id,
        click("c1", "v1", "2026-03-01T09:00:00Z", url=TAGGED),
        click("c2", "v1", "2026-03-02T09:00:00Z", utm_source="Newsletter", utm_campaign="spring"),
        click("c3", "v2", "2026-03-02T10:00:00Z", utm_source="x"),
    )
    assert first == TaggedEventsRecorded(3, 0, 0, 0, 0)
    # the conversion comes in a later batch, with one click of the same batch before it
    second = await send(
        bus,
        owner,
        brand.id,
        click("c4", "v1", "2026-03-03T09:00:00Z", utm_source="email"),
        conversion("o1", "v1", "2026-03-03T10:00:00Z", value="30"),
        click("c1", "v1", "2026-03-01T09:00:00Z", url=TAGGED),  # resent: already stored
    )
    assert second == TaggedEventsRecorded(1, 1, 1, 0, 0)
    by_channel = await report(bus, owner, brand.id)
    linear = {r.key: r.credits["linear"].conversions for r in by_channel.rows}
    assert linear == pytest.approx(
        {"linkedin": 1 / 3, "newsletter": 1 / 3, "email": 1 / 3, "x": 0.0}
    )
    # v2's click is still open: a journey that did not convert
    assert (by_channel.paths, by_channel.unconverted_paths, by_channel.value) == (1, 1, 30.0)
    by_content = await report(bus, owner, brand.id, "content")
    assert {r.key for r in by_content.rows} == {"post-1", "(not set)"}


async def test_a_resent_conversion_changes_nothing_and_one_without_clicks_stores_nothing(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    events = (
        click("c1", "v1", "2026-03-01T09:00:00Z", utm_source="x"),
        conversion("o1", "v1", "2026-03-01T10:00:00Z"),
    )
    assert await send(bus, owner, brand.id, *events) == TaggedEventsRecorded(1, 0, 1, 0, 0)
    assert await send(bus, owner, brand.id, *events) == TaggedEventsRecorded(0, 1, 0, 0, 1)
    # a second conversion of v1 finds no open click left; v9 never clicked
    again = await send(
        bus,
        owner,
        brand.id,
        conversion("o2", "v1", "2026-03-02T10:00:00Z"),
        conversion("o3", "v9", "2026-03-02T10:00:00Z"),
    )
    assert again == TaggedEventsRecorded(0, 0, 0, 2, 0)
    assert (await report(bus, owner, brand.id)).paths == 1


async def test_clicks_older_than_the_lookback_or_after_the_conversion_stay_open(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    await send(
        bus,
        owner,
        brand.id,
        click("old", "v1", "2026-03-01T09:00:00Z", utm_source="x"),
        click("in", "v1", "2026-03-09T09:00:00Z", utm_source="email"),
        click("after", "v1", "2026-03-10T11:00:00Z", utm_source="linkedin"),
        conversion("o1", "v1", "2026-03-10T10:00:00Z", value="5"),
        lookback=7,
    )
    found = await report(bus, owner, brand.id)
    last = {r.key: r.credits["last_touch"].conversions for r in found.rows}
    assert last == {"email": 1.0, "x": 0.0, "linkedin": 0.0}
    assert found.unconverted_paths == 1  # v1's open clicks, old and after, as one journey


async def test_every_bad_event_is_listed_and_nothing_is_stored(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await brand_of(bus, owner)
    bad = [
        click("c1", "v1", "2026-03-01T09:00:00Z", utm_source="x"),
        click("c2", "v1", "2026-03-01T09:00:00Z", url="https://acme.example/?utm_medium=social"),
        {"event_id": "c3", "type": "view", "visitor": "v1", "at": "2026-03-01T09:00:00Z"},
        conversion("o1", "", "2026-03-01", value="-3"),
        click("c1", "v1", "2026-03-01T09:30:00Z", utm_source="x"),
        {**click("c5", "v1", "2026-03-01T09:00:00Z", utm_source="x"), "value": "3"},
    ]
    with pytest.raises(PathsRejected) as caught:
        await send(bus, owner, brand.id, *bad)
    assert [p.field for p in caught.value.problems] == [
        "events[1].utm_source",
        "events[2].type",
        "events[3].visitor",
        "events[3].at",
        "events[3].value",
        "events[4].event_id",
        "events[5].value",
    ]
    found = await report(bus, owner, brand.id)
    assert (found.paths, found.unconverted_paths) == (0, 0)


async def test_the_batch_and_lookback_are_bounded(bus: MessageBus, owner: Principal) -> None:
    brand = await brand_of(bus, owner)
    with pytest.raises(InvalidValue, match="lookback_days"):
        await send(bus, owner, brand.id, click("c", "v", "2026-03-01T09:00:00Z"), lookback=0)
    with pytest.raises(InvalidValue, match="1 to 1000 events"):
        await send(bus, owner, brand.id)
