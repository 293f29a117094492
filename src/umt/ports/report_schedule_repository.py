"""The ReportScheduleRepository port: a brand's report schedules, the scheduler's claims of
due runs (across tenants, under a lease), and the deliveries made (one per schedule and due
time), kept for the webhook consumers to fetch."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import ReportSchedule


@dataclass(frozen=True, slots=True, kw_only=True)
class DueReport:
    organization_id: UUID
    schedule_id: UUID
    due_at: datetime  # the run's due time: with the schedule, the delivery's key


class ReportScheduleRepository(Protocol):
    async def get(self, organization_id: UUID, schedule_id: UUID) -> ReportSchedule | None:
        """The schedule, or None (also for another tenant's)."""
        ...

    async def add(self, schedule: ReportSchedule) -> None: ...

    async def save(self, schedule: ReportSchedule) -> None:
        """Raises ``StaleVersion`` if another writer saved it since it was loaded here."""
        ...

    async def remove(self, schedule: ReportSchedule) -> None:
        """Deletes the schedule (its deliveries stay fetchable)."""
        ...

    async def list(self, organization_id: UUID, brand_id: UUID) -> Sequence[ReportSchedule]:
        """The brand's schedules, oldest first (at most ``MAX_SCHEDULES_PER_BRAND``)."""
        ...

    async def claim_due(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> builtins.list[DueReport]:
        """Across tenants: up to ``limit`` schedules due at ``now`` and not under a live
        lease, earliest first, each leased until ``lease_until`` (its due time unchanged).
        Two claimers never take the same schedule while a lease holds (on PostgreSQL ``FOR
        UPDATE SKIP LOCKED``, on memory and SQLite one writer at a time)."""
        ...

    async def add_delivery(self, delivery: ReportDelivery) -> bool:
        """Store the delivery; False (and nothing stored) when the schedule already has one
        for that due time: that run was delivered."""
        ...

    async def claim_mail(
        self,
        *,
        now: datetime,
        lease_until: datetime,
        limit: int,
        delivery_id: UUID | None = None,
    ) -> builtins.list[ReportDelivery]:
        """Across tenants: up to ``limit`` deliveries whose mail is ``pending`` and not under
        a live lease (only ``delivery_id`` when given), oldest first, each leased until
        ``lease_until`` with one more ``mail_attempts``, with their files. Two claimers never
        take the same delivery while a lease holds."""
        ...

    async def mark_mailed(self, delivery_id: UUID, *, now: datetime) -> None:
        """The delivery's mail was sent: ``sent`` at ``now``, its lease released."""
        ...

    async def delivery(self, organization_id: UUID, delivery_id: UUID) -> ReportDelivery | None:
        """The delivery with its file, or None (also for another tenant's)."""
        ...
