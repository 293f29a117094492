"""IngestSamples through the bus: a batch stored once by the sample key and rolled up, every
bad row listed and nothing stored, the brand checked, late and out-of-range samples told."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from tests.unit.application.analytics.conftest import row
from tests.unit.application.helpers import add_member

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.system.clock import FixedClock
from umt.application.analytics.ingest_samples import IngestReport, IngestSamples
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.analytics.errors import InvalidSamples
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from umt.domain.shared.metrics import Metric, SubjectKind


async def ingest(
    bus: MessageBus, who: Principal, brand_id: UUID, rows: list[dict[str, object]], **kw: str
) -> IngestReport:
    return await bus.ask(IngestSamples(brand_id=brand_id, samples=rows, **kw), IngestReport, who)


def buckets(store: InMemoryStore, who: Principal, subject: UUID) -> list[tuple[date, Decimal]]:
    series = store.metric_rollups.get(
        (who.organization_id, subject, SubjectKind.PUBLICATION, Metric.IMPRESSIONS), {}
    )
    return [(day, series[day].value) for day in sorted(series)]


async def test_a_batch_is_stored_once_and_rolled_up_in_the_brands_days(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    post = uuid4()
    rows = [
        row(post, "2026-03-18T10:00:00Z", 100),
        row(post, "2026-03-18T23:30:00Z", "140"),  # 00:30 on the 19th in Berlin
        row(post, "2026-03-19T12:00:00+01:00", 175.5),
        row(post, "2026-03-19T12:00:00+01:00", 175.5),  # a repeat inside the batch
    ]
    report = await ingest(bus, owner, brand_id, rows)
    assert (report.received, report.stored, report.duplicates, report.late) == (4, 3, 1, 0)
    assert buckets(store, owner, post) == [
        (date(2026, 3, 18), Decimal(100)),
        (date(2026, 3, 19), Decimal("75.5")),
    ]
    again = await ingest(bus, owner, brand_id, rows)
    assert (again.stored, again.duplicates) == (0, 4)
    assert buckets(store, owner, post) == [
        (date(2026, 3, 18), 100),
        (date(2026, 3, 19), Decimal("75.5")),
    ]
    stored = [s for s in store.metric_samples.values() if s.subject_id == post]
    assert {(s.source, s.raw_name, s.brand_id) for s in stored} == {
        ("api", "impressions", brand_id)
    }


async def test_every_bad_row_is_listed_and_nothing_is_stored(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    post = uuid4()
    rows = [
        row(post, "2026-03-18T10:00:00Z", 100),
        row(post, "2026-03-18T10:00:00", -1, channel="myspace"),
        {"subject_kind": "publication", "extra": 1},
        row(post, "2026-03-25T10:00:00Z", "lots", metric="spend"),
        row(post, "2026-01-01T10:00:00Z", 5, currency="EUR"),
        row(
            post,
            "2026-03-18T10:00:00Z",
            5,
            subject_id="not-a-uuid",
            metric="conversion_value",
            currency="EURO",
        ),
    ]
    with pytest.raises(InvalidSamples) as raised:
        await ingest(bus, owner, brand_id, rows)
    assert raised.value.message == "5 of 6 rows are invalid; none was stored"
    assert dict(raised.value.errors) == {
        "samples[1].channel": "is one of linkedin, facebook, instagram, x, tiktok, youtube, "
        "pinterest, email, blog, website, google_ads, meta_ads, linkedin_ads",
        "samples[1].value": "is a cumulative total: zero or more, below 10^18",
        "samples[1].observed_at": "needs a time zone (e.g. Z)",
        "samples[2].extra": "is not a field of a sample",
        "samples[2].subject_id": "is required",
        "samples[2].channel": "is required",
        "samples[2].metric": "is required",
        "samples[2].value": "is required",
        "samples[2].observed_at": "is required",
        "samples[3].value": "is a finite number",
        "samples[3].observed_at": "is in the future",
        "samples[3].currency": "is required for spend and conversion_value",
        "samples[4].observed_at": "is older than the raw samples' retention",
        "samples[4].currency": "is only for spend and conversion_value",
        "samples[5].subject_id": "is a UUID",
        "samples[5].currency": "'EURO' is not an ISO 4217 currency code",
    }
    assert not store.metric_samples
    assert not store.metric_rollups


async def test_late_samples_are_stored_and_counted_and_change_no_final_day(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore, clock: FixedClock
) -> None:
    post = uuid4()
    clock.advance(-timedelta(days=18))  # the 2nd
    await ingest(bus, owner, brand_id, [row(post, "2026-03-01T12:00:00Z", 10)])
    clock.advance(timedelta(days=18))
    # the window is 7 days: the 13th (Berlin) is the first day still open on the 20th
    report = await ingest(
        bus,
        owner,
        brand_id,
        [row(post, "2026-03-05T12:00:00Z", 30), row(post, "2026-03-13T12:00:00Z", 50)],
    )
    assert (report.stored, report.late) == (2, 1)
    assert buckets(store, owner, post) == [(date(2026, 3, 1), 10), (date(2026, 3, 13), 40)]


async def test_the_batch_the_brand_and_the_caller_are_checked(
    bus: MessageBus, owner: Principal, other_owner: Principal, brand_id: UUID
) -> None:
    good = [row(uuid4(), "2026-03-18T10:00:00Z", 1)]
    with pytest.raises(InvalidSamples, match="1 to 50 samples"):
        await ingest(bus, owner, brand_id, [])
    with pytest.raises(InvalidSamples, match="1 to 50 samples"):
        await ingest(bus, owner, brand_id, good * 51)
    with pytest.raises(InvalidValue) as bad_source:
        await ingest(bus, owner, brand_id, good, source="Not a Source!")
    assert bad_source.value.field == "source"
    with pytest.raises(NotFound):
        await ingest(bus, other_owner, brand_id, good)  # another tenant's brand
    with pytest.raises(NotFound):
        await ingest(bus, owner, uuid4(), good)
    viewer = await add_member(bus, owner, "viewer@acme.example", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await ingest(bus, viewer, brand_id, good)
    analyst = await add_member(bus, owner, "analyst@acme.example", Role.ANALYST)
    report = await ingest(bus, analyst, brand_id, good, source="tiktok_export")
    assert report.stored == 1
