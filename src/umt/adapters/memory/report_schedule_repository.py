"""In-memory report schedules and deliveries: staged like every in-memory repository; due
runs claimed under the store's lock (a claim takes effect at once, like a row lock)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.analytics.report_delivery import MailStatus, ReportDelivery
from umt.domain.analytics.report_schedule import ReportSchedule
from umt.domain.shared.errors import Conflict
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.report_schedule_repository import DueReport, ReportScheduleRepository


class InMemoryReportScheduleRepository(InMemoryRepository, ReportScheduleRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[UUID, int] = {}

    async def get(self, organization_id: UUID, schedule_id: UUID) -> ReportSchedule | None:
        stored = self._store.report_schedules.get(schedule_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._track(detached(stored))

    async def add(self, schedule: ReportSchedule) -> None:
        schedules = self._store.report_schedules

        def absent() -> None:
            if schedule.id in schedules:
                raise Conflict("the report schedule already exists")

        snapshot = detached(schedule)
        self._tx.stage(lambda: schedules.__setitem__(schedule.id, snapshot), absent)
        self._track(schedule)

    async def save(self, schedule: ReportSchedule) -> None:
        schedules = self._store.report_schedules
        loaded = self._loaded.get(schedule.id, schedule.version)
        check = version_check(schedules, schedule.id, loaded, "the report schedule")
        snapshot = detached(schedule)
        self._tx.stage(lambda: schedules.__setitem__(schedule.id, snapshot), check)
        self._track(schedule)

    async def remove(self, schedule: ReportSchedule) -> None:
        self._tx.stage(lambda: self._store.report_schedules.pop(schedule.id, None))

    async def list(self, organization_id: UUID, brand_id: UUID) -> Sequence[ReportSchedule]:
        found = [
            s
            for s in self._store.report_schedules.values()
            if s.organization_id == organization_id and s.brand_id == brand_id
        ]
        found.sort(key=lambda s: (s.created_at, str(s.id)))
        return [self._track(detached(s)) for s in found]

    async def claim_due(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> builtins.list[DueReport]:
        async with self._store.lock:
            due = sorted(
                (
                    s
                    for s in self._store.report_schedules.values()
                    if s.next_due_at <= now and (s.claimed_until is None or s.claimed_until <= now)
                ),
                key=lambda s: (s.next_due_at, str(s.id)),
            )[:limit]
            for schedule in due:
                schedule.claimed_until = lease_until
            return [
                DueReport(organization_id=s.organization_id, schedule_id=s.id, due_at=s.next_due_at)
                for s in due
            ]

    async def add_delivery(self, delivery: ReportDelivery) -> bool:
        deliveries = self._store.report_deliveries
        key = (delivery.schedule_id, delivery.due_at)
        if any((d.schedule_id, d.due_at) == key for d in deliveries.values()):
            return False

        def first() -> None:
            if any((d.schedule_id, d.due_at) == key for d in deliveries.values()):
                raise Conflict("that run of the schedule was delivered meanwhile")

        snapshot = detached(delivery)
        self._tx.stage(lambda: deliveries.__setitem__(delivery.id, snapshot), first)
        self._tracker.track(delivery)
        return True

    async def claim_mail(
        self,
        *,
        now: datetime,
        lease_until: datetime,
        limit: int,
        delivery_id: UUID | None = None,
    ) -> builtins.list[ReportDelivery]:
        async with self._store.lock:  # a claim takes effect at once, like a row lock
            pending = sorted(
                (
                    d
                    for d in self._store.report_deliveries.values()
                    if d.mail_status is MailStatus.PENDING
                    and (d.mail_claimed_until is None or d.mail_claimed_until <= now)
                    and (delivery_id is None or d.id == delivery_id)
                ),
                key=lambda d: (d.created_at, str(d.id)),
            )[:limit]
            for delivery in pending:
                delivery.mail_claimed_until = lease_until
                delivery.mail_attempts += 1
            return [detached(d) for d in pending]

    async def mark_mailed(self, delivery_id: UUID, *, now: datetime) -> None:
        async with self._store.lock:
            stored = self._store.report_deliveries.get(delivery_id)
            if stored is not None and stored.mail_status is MailStatus.PENDING:
                stored.mail_status = MailStatus.SENT
                stored.mailed_at, stored.mail_claimed_until = now, None

    async def delivery(self, organization_id: UUID, delivery_id: UUID) -> ReportDelivery | None:
        stored = self._store.report_deliveries.get(delivery_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return detached(stored)

    def _track(self, schedule: ReportSchedule) -> ReportSchedule:
        self._loaded[schedule.id] = schedule.version
        return self._tracker.track(schedule)
