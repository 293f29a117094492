"""Contract of the ReportScheduleRepository on every adapter (memory, SQLite, PostgreSQL):
schedules by tenant with optimistic saves, due runs claimed once under a lease (and again
with the same due time when the lease runs out), and one delivery per (schedule, due time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.contracts.conftest import UowFactory

from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import Cadence, ReportSchedule
from umt.domain.shared.errors import StaleVersion
from umt.ports.unit_of_work import UnitOfWork

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)


def schedule(org: UUID | None = None, **overrides: Any) -> ReportSchedule:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": org or uuid4(),
        "brand_id": uuid4(),
        "kind": "campaigns",
        "range_days": 7,
        "cadence": Cadence.WEEKLY,
        "weekday": 0,
        "hour": 8,
        "time_zone": "Europe/Berlin",
        "recipients": ("ana@acme.example",),
        "webhook": True,
        "file_format": "xlsx",
    }
    fields.update(overrides)
    return ReportSchedule.create(now=NOW - timedelta(days=8), **fields)


def delivery(item: ReportSchedule, due_at: datetime, **overrides: Any) -> ReportDelivery:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": item.organization_id,
        "brand_id": item.brand_id,
        "schedule_id": item.id,
        "due_at": due_at,
        "kind": item.kind,
        "since": date(2026, 3, 9),
        "until": date(2026, 3, 15),
        "file_format": "csv",
        "filename": "campaigns-2026-03-09-2026-03-15.csv",
        "media_type": "text/csv",
        "content": b"name,spend\r\nSpring,12.5\r\n",
        "recipients": ("ana@acme.example",),
        "created_at": NOW,
    }
    fields.update(overrides)
    return ReportDelivery.made(announce=False, **fields)


async def add(factory: UowFactory, *items: ReportSchedule) -> None:
    async with factory() as uow:
        for item in items:
            await uow.report_schedules.add(item)
        await uow.commit()


async def save_and_commit(uow: UnitOfWork, item: ReportSchedule) -> None:
    """An adapter may detect a conflict when saving or only when committing: both count."""
    await uow.report_schedules.save(item)
    await uow.commit()


async def claim(factory: UowFactory, now: datetime) -> list[Any]:
    async with factory() as uow:
        found = await uow.report_schedules.claim_due(now=now, lease_until=now + LEASE, limit=10)
        await uow.commit()
    return found


class TestReportSchedules:
    async def test_stored_by_tenant_and_saved_against_a_stale_writer(
        self, uow_factory: UowFactory
    ) -> None:
        item = schedule()
        await add(uow_factory, item)
        async with uow_factory() as uow:
            found = await uow.report_schedules.get(item.organization_id, item.id)
            assert await uow.report_schedules.get(uuid4(), item.id) is None
            listed = await uow.report_schedules.list(item.organization_id, item.brand_id)
        assert found is not None
        assert found.recipients == ("ana@acme.example",)
        assert found.next_due_at == item.next_due_at
        assert [s.id for s in listed] == [item.id]
        async with uow_factory() as first, uow_factory() as second:
            a = await first.report_schedules.get(item.organization_id, item.id)
            b = await second.report_schedules.get(item.organization_id, item.id)
            assert a is not None
            assert b is not None
            a.update({"hour": 9}, now=NOW)
            await first.report_schedules.save(a)
            await first.commit()
            b.update({"hour": 10}, now=NOW)
            with pytest.raises(StaleVersion):
                await save_and_commit(second, b)
        async with uow_factory() as uow:
            stored = await uow.report_schedules.get(item.organization_id, item.id)
            assert stored is not None
            assert stored.hour == 9
            await uow.report_schedules.remove(stored)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.report_schedules.get(item.organization_id, item.id) is None

    async def test_a_due_run_is_claimed_once_while_its_lease_holds(
        self, uow_factory: UowFactory
    ) -> None:
        item = schedule()
        await add(uow_factory, item)
        due = item.next_due_at
        assert due <= NOW
        first = [c for c in await claim(uow_factory, NOW) if c.schedule_id == item.id]
        again = [c for c in await claim(uow_factory, NOW + LEASE / 2) if c.schedule_id == item.id]
        assert [(c.organization_id, c.due_at) for c in first] == [(item.organization_id, due)]
        assert again == []
        # the holder went silent: after its lease the same due time is claimed again
        later = [c for c in await claim(uow_factory, NOW + LEASE) if c.schedule_id == item.id]
        assert [c.due_at for c in later] == [due]

    async def test_one_delivery_per_schedule_and_due_time(self, uow_factory: UowFactory) -> None:
        item = schedule()
        await add(uow_factory, item)
        due = item.next_due_at
        made = delivery(item, due)
        async with uow_factory() as uow:
            assert await uow.report_schedules.add_delivery(made) is True
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.report_schedules.add_delivery(delivery(item, due)) is False
            assert await uow.report_schedules.add_delivery(delivery(item, due + timedelta(days=7)))
            await uow.commit()
        async with uow_factory() as uow:
            found = await uow.report_schedules.delivery(item.organization_id, made.id)
            assert await uow.report_schedules.delivery(uuid4(), made.id) is None
        assert found is not None
        assert found.content == made.content
        assert (found.since, found.until, found.due_at) == (made.since, made.until, due)
        assert found.recipients == ("ana@acme.example",)

    async def test_a_pending_mail_is_claimed_once_per_lease_until_marked_sent(
        self, uow_factory: UowFactory
    ) -> None:
        item = schedule()
        await add(uow_factory, item)
        made = delivery(item, item.next_due_at)
        silent = delivery(item, item.next_due_at + timedelta(days=7), recipients=())
        async with uow_factory() as uow:
            assert await uow.report_schedules.add_delivery(made)
            assert await uow.report_schedules.add_delivery(silent)
            await uow.commit()

        async def claim_mail(now: datetime, delivery_id: UUID = made.id) -> list[ReportDelivery]:
            async with uow_factory() as uow:
                found = await uow.report_schedules.claim_mail(
                    now=now, lease_until=now + LEASE, limit=10, delivery_id=delivery_id
                )
                await uow.commit()
            return list(found)

        (first,) = await claim_mail(NOW)
        assert (first.mail_status.value, first.mail_attempts) == ("pending", 1)
        assert (first.content, first.mail_claimed_until) == (made.content, NOW + LEASE)
        assert await claim_mail(NOW + LEASE / 2) == []  # the lease holds
        assert await claim_mail(NOW, silent.id) == []  # no recipients: nothing to send
        # the holder died before marking it: after its lease it is claimed again
        (second,) = await claim_mail(NOW + LEASE)
        assert second.mail_attempts == 2
        async with uow_factory() as uow:
            await uow.report_schedules.mark_mailed(made.id, now=NOW + LEASE)
            await uow.commit()
        assert await claim_mail(NOW + 3 * LEASE) == []
        async with uow_factory() as uow:
            stored = await uow.report_schedules.delivery(item.organization_id, made.id)
        assert stored is not None
        assert (stored.mail_status.value, stored.mailed_at, stored.mail_claimed_until) == (
            "sent",
            NOW + LEASE,
            None,
        )
