"""Scheduled reports through the bus and the report-deliveries loop on the in-memory adapters:
the schedule's next run in the brand's time zone, two loops racing for one due run (one
delivery, one mail per recipient with the file attached, one report.ready), a run whose lease
ran out taken up by another loop and still delivered once, and the CRUD's checks."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from tests.support.mail import RecordingMail
from tests.unit.application.analytics.report_fixtures import social_rows
from tests.unit.application.analytics.test_reports import WIDE, ingest

from umt.adapters.exports.report_files import TabularReportFiles
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.reports.delivery import ReportDeliveries
from umt.application.analytics.reports.schedule_commands import (
    CreateReportSchedule,
    DeleteReportSchedule,
    UpdateReportSchedule,
)
from umt.application.analytics.reports.schedule_queries import (
    GetReportDelivery,
    ListReportSchedules,
)
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import ReportSchedule
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied, StaleVersion

# Monday 16 March 2026, 08:00 in Berlin (UTC+1) is the first run after the schedule is made
# (on Sunday the 15th); its report covers Monday 9 to Sunday 15 March
FIRST_RUN = datetime(2026, 3, 16, 7, 0, tzinfo=UTC)


@pytest.fixture
def analytics_config() -> AnalyticsConfig:
    return WIDE


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 15, 12, 0, tzinfo=UTC))


def loop(store: InMemoryStore, clock: FixedClock, mail: RecordingMail) -> ReportDeliveries:
    ids = UuidV7Generator()
    return ReportDeliveries(
        lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        clock=clock,
        ids=ids,
        mail_sender=mail,
        report_files=TabularReportFiles(),
        config=WIDE,
        lease=timedelta(minutes=15),
    )


async def weekly(
    bus: MessageBus, owner: Principal, brand_id: UUID, **changes: object
) -> ReportSchedule:
    fields: dict[str, object] = {
        "brand_id": brand_id,
        "kind": "content",
        "range_days": 7,
        "cadence": "weekly",
        "weekday": 0,
        "hour": 8,
        "recipients": ["ana@acme.example", "Bo@Acme.Example"],
        "webhook": True,
        "file_format": "csv",
    }
    fields.update(changes)
    return await bus.ask(CreateReportSchedule(**fields), ReportSchedule, owner)  # type: ignore[arg-type]


def ready_events(store: InMemoryStore) -> list[dict[str, object]]:
    return [m.payload["data"] for m in store.outbox if m.event_type == "report.ready"]


async def test_two_loops_racing_deliver_one_run_once_with_the_file_attached(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore, clock: FixedClock
) -> None:
    await ingest(bus, owner, brand_id, social_rows())
    schedule = await weekly(bus, owner, brand_id)
    assert schedule.next_due_at == FIRST_RUN
    assert schedule.recipients == ("ana@acme.example", "Bo@acme.example")
    clock.advance(FIRST_RUN - clock.now() + timedelta(minutes=1))
    mail = RecordingMail()
    first, second = loop(store, clock, mail), loop(store, clock, mail)

    delivered = await asyncio.gather(first.tick(), second.tick())

    assert sorted(delivered) == [0, 1]
    assert sorted(m.to for m in mail.sent) == ["Bo@acme.example", "ana@acme.example"]
    for sent in mail.sent:
        (attachment,) = sent.attachments
        assert attachment.filename == "content-2026-03-09-2026-03-15.csv"
        assert attachment.media_type == "text/csv"
        rows = list(csv.reader(io.StringIO(attachment.content.decode())))
        assert rows[-1][:4] == ["total", "", "", "1200"]  # P1's 700 + P2's 500 impressions
    (stored,) = store.report_deliveries.values()
    assert stored.due_at == FIRST_RUN
    (event,) = ready_events(store)
    assert event["url"] == f"/api/v1/report-deliveries/{stored.id}"
    assert event["from"] == "2026-03-09"
    assert event["recipients"] == 2
    # nothing is due again until next Monday
    assert await first.tick() == 0
    assert len(mail.sent) == 2
    fetched = await bus.ask(GetReportDelivery(delivery_id=stored.id), ReportDelivery, owner)
    assert fetched.content == mail.sent[0].attachments[0].content
    (after,) = await bus.ask(ListReportSchedules(brand_id=brand_id), list, owner)
    assert after.next_due_at == FIRST_RUN + timedelta(days=7)


async def test_a_run_whose_lease_ran_out_is_taken_up_and_still_delivered_once(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore, clock: FixedClock
) -> None:
    await weekly(bus, owner, brand_id, webhook=False)
    clock.advance(FIRST_RUN - clock.now())
    mail = RecordingMail()
    slow, fresh = loop(store, clock, mail), loop(store, clock, mail)
    async with InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event) as uow:
        (held,) = await uow.report_schedules.claim_due(
            now=clock.now(), lease_until=clock.now() + timedelta(minutes=15), limit=5
        )
    clock.advance(timedelta(minutes=16))  # the slow holder's lease runs out
    async with InMemoryUnitOfWork(store, UuidV7Generator(), audit=entry_for_event) as uow:
        (taken,) = await uow.report_schedules.claim_due(
            now=clock.now(), lease_until=clock.now() + timedelta(minutes=15), limit=5
        )
    assert taken.due_at == held.due_at == FIRST_RUN
    outcomes = await asyncio.gather(slow.deliver(held), fresh.deliver(taken))
    assert sorted(o is not None for o in outcomes) == [False, True]
    assert len(store.report_deliveries) == 1
    assert len(mail.sent) == 2
    assert ready_events(store) == []  # webhook delivery not asked for


async def test_runs_missed_while_nothing_ran_are_delivered_once(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore, clock: FixedClock
) -> None:
    await weekly(bus, owner, brand_id, cadence="daily", weekday=None, recipients=["a@b.example"])
    clock.advance(timedelta(days=3))  # three daily runs went by
    mail = RecordingMail()
    assert await loop(store, clock, mail).tick() == 1
    assert await loop(store, clock, mail).tick() == 0
    assert len(mail.sent) == 1


async def test_schedule_changes_are_checked_versioned_and_announced(
    bus: MessageBus,
    owner: Principal,
    other_owner: Principal,
    brand_id: UUID,
    store: InMemoryStore,
) -> None:
    schedule = await weekly(bus, owner, brand_id)
    for changes, field in (
        ({"kind": "weather"}, "kind"),
        ({"hour": 24}, "hour"),
        ({"range_days": 0}, "range_days"),
        ({"recipients": ["not-an-address"]}, "recipients[0]"),
        ({"cadence": "weekly", "weekday": 7}, "weekday"),
        ({"file_format": "pdf"}, "file_format"),
    ):
        with pytest.raises(InvalidValue) as refused:
            await weekly(bus, owner, brand_id, **changes)
        assert refused.value.field == field
    changed = await bus.ask(
        UpdateReportSchedule(
            schedule_id=schedule.id, changes={"cadence": "daily", "hour": 6}, expected_version=1
        ),
        ReportSchedule,
        owner,
    )
    assert (changed.weekday, changed.version) == (None, 2)
    assert changed.next_due_at == datetime(2026, 3, 16, 5, 0, tzinfo=UTC)  # 06:00 Berlin
    with pytest.raises(StaleVersion):
        await bus.ask(
            UpdateReportSchedule(schedule_id=schedule.id, changes={"hour": 7}, expected_version=1),
            ReportSchedule,
            owner,
        )
    with pytest.raises(NotFound):
        await bus.execute(DeleteReportSchedule(schedule_id=schedule.id), other_owner)
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await bus.execute(DeleteReportSchedule(schedule_id=schedule.id), viewer)
    with pytest.raises(StaleVersion):
        await bus.execute(DeleteReportSchedule(schedule_id=schedule.id, expected_version=1), owner)
    await bus.execute(DeleteReportSchedule(schedule_id=schedule.id, expected_version=2), owner)
    assert await bus.ask(ListReportSchedules(brand_id=brand_id), list, owner) == []
    # each change that took effect went to the outbox (and so to the webhooks), once
    announced = [
        (m.event_type, m.payload["data"])
        for m in store.outbox
        if m.event_type.startswith("report_schedule.") and m.aggregate_id == schedule.id
    ]
    assert [t for t, _ in announced] == [
        "report_schedule.created",
        "report_schedule.updated",
        "report_schedule.deleted",
    ]
    created, updated, deleted = (data for _, data in announced)
    assert (created["cadence"], created["recipients"], created["brand_id"]) == (
        "weekly",
        len(schedule.recipients),
        str(brand_id),
    )
    assert (updated["cadence"], updated["hour"], updated["next_due_at"]) == (
        "daily",
        6,
        "2026-03-16T05:00:00+00:00",
    )
    assert deleted["next_due_at"] is None
