"""SQL report schedules and deliveries: explicit mappers, an optimistic save, the claim of due
runs (FOR UPDATE SKIP LOCKED on PostgreSQL), and a delivery inserted once per (schedule,
due time) with ON CONFLICT DO NOTHING (a race's loser stores nothing and keeps its
transaction usable)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, delete, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.analytics.report_tables import report_deliveries, report_schedules
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.analytics.report_delivery import MailStatus, ReportDelivery
from umt.domain.analytics.report_schedule import Cadence, ReportSchedule
from umt.domain.shared.errors import StaleVersion
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.report_schedule_repository import DueReport, ReportScheduleRepository

_s = report_schedules.c
_IMMUTABLE = ("id", "organization_id", "brand_id", "created_at")
_SCHEDULE_FIELDS = (
    "id",
    "organization_id",
    "brand_id",
    "kind",
    "range_days",
    "weekday",
    "hour",
    "time_zone",
    "webhook",
    "file_format",
    "next_due_at",
    "claimed_until",
    "last_delivered_at",
    "version",
    "created_at",
    "updated_at",
)
_DELIVERY_FIELDS = (
    "id",
    "organization_id",
    "brand_id",
    "schedule_id",
    "due_at",
    "kind",
    "since",
    "until",
    "file_format",
    "filename",
    "media_type",
    "content",
    "created_at",
    "mail_attempts",
    "mail_claimed_until",
    "mailed_at",
)


def delivery_from_row(row: RowMapping) -> ReportDelivery:
    fields = {name: row[name] for name in _DELIVERY_FIELDS}
    return ReportDelivery(
        **fields, recipients=tuple(row["recipients"]), mail_status=MailStatus(row["mail_status"])
    )


def schedule_to_row(schedule: ReportSchedule) -> dict[str, Any]:
    row = {name: getattr(schedule, name) for name in _SCHEDULE_FIELDS}
    return {**row, "cadence": schedule.cadence.value, "recipients": list(schedule.recipients)}


def schedule_from_row(row: RowMapping) -> ReportSchedule:
    fields = {name: row[name] for name in _SCHEDULE_FIELDS}
    return ReportSchedule(
        **fields, cadence=Cadence(row["cadence"]), recipients=tuple(row["recipients"])
    )


class SqlReportScheduleRepository(SqlRepository, ReportScheduleRepository):
    def __init__(
        self, connection: Any, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded_versions: dict[int, int] = {}

    async def get(self, organization_id: UUID, schedule_id: UUID) -> ReportSchedule | None:
        result = await self._execute(
            select(report_schedules).where(
                _s.id == schedule_id, _s.organization_id == organization_id
            )
        )
        row = result.mappings().first()
        return None if row is None else self._track(schedule_from_row(row))

    async def add(self, schedule: ReportSchedule) -> None:
        await self._execute(insert(report_schedules), schedule_to_row(schedule))
        self._track(schedule)

    async def save(self, schedule: ReportSchedule) -> None:
        condition = (_s.id == schedule.id) & (_s.organization_id == schedule.organization_id)
        expected = self._loaded_versions.get(id(schedule))
        if expected is not None:
            condition &= _s.version == expected
        values = {k: v for k, v in schedule_to_row(schedule).items() if k not in _IMMUTABLE}
        result = await self._execute(update(report_schedules).where(condition).values(values))
        if result.rowcount == 0:
            raise StaleVersion(f"the report schedule {schedule.id} was changed meanwhile")
        self._track(schedule)

    async def remove(self, schedule: ReportSchedule) -> None:
        await self._execute(
            delete(report_schedules).where(
                _s.id == schedule.id, _s.organization_id == schedule.organization_id
            )
        )

    async def list(self, organization_id: UUID, brand_id: UUID) -> Sequence[ReportSchedule]:
        result = await self._execute(
            select(report_schedules)
            .where(_s.organization_id == organization_id, _s.brand_id == brand_id)
            .order_by(_s.created_at, _s.id)
        )
        return [self._track(schedule_from_row(row)) for row in result.mappings()]

    async def claim_due(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> builtins.list[DueReport]:
        free = or_(_s.claimed_until.is_(None), _s.claimed_until <= now)
        # FOR UPDATE SKIP LOCKED on PostgreSQL: claimers on several instances take other
        # rows; SQLite serialises writers, and the conditional UPDATE claims a row once
        query = (
            select(_s.id, _s.organization_id, _s.next_due_at)
            .where(_s.next_due_at <= now, free)
            .order_by(_s.next_due_at, _s.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = (await self._execute(query)).mappings().all()
        claimed: builtins.list[DueReport] = []
        for row in rows:
            result = await self._execute(
                update(report_schedules)
                .where(_s.id == row["id"], _s.next_due_at <= now, free)
                .values(claimed_until=lease_until)
            )
            if result.rowcount == 1:
                claimed.append(
                    DueReport(
                        organization_id=row["organization_id"],
                        schedule_id=row["id"],
                        due_at=row["next_due_at"],
                    )
                )
        return claimed

    async def add_delivery(self, delivery: ReportDelivery) -> bool:
        row = {name: getattr(delivery, name) for name in _DELIVERY_FIELDS}
        row["recipients"] = list(delivery.recipients)
        row["mail_status"] = delivery.mail_status.value
        insert_: Any = pg_insert if self._dialect == "postgresql" else sqlite_insert
        statement = (
            insert_(report_deliveries)
            .values(row)
            .on_conflict_do_nothing(index_elements=("schedule_id", "due_at"))
            .returning(report_deliveries.c.id)
        )
        stored = (await self._execute(statement)).first() is not None
        if stored:
            self._tracker.track(delivery)
        return stored

    async def delivery(self, organization_id: UUID, delivery_id: UUID) -> ReportDelivery | None:
        c = report_deliveries.c
        result = await self._execute(
            select(report_deliveries).where(
                c.id == delivery_id, c.organization_id == organization_id
            )
        )
        row = result.mappings().first()
        return None if row is None else delivery_from_row(row)

    async def claim_mail(
        self,
        *,
        now: datetime,
        lease_until: datetime,
        limit: int,
        delivery_id: UUID | None = None,
    ) -> builtins.list[ReportDelivery]:
        c = report_deliveries.c
        free = or_(c.mail_claimed_until.is_(None), c.mail_claimed_until <= now)
        pending = c.mail_status == MailStatus.PENDING.value
        query = select(c.id).where(pending, free).order_by(c.created_at, c.id).limit(limit)
        if delivery_id is not None:
            query = query.where(c.id == delivery_id)
        # FOR UPDATE SKIP LOCKED on PostgreSQL: senders on several instances take other rows;
        # SQLite serialises writers, and the conditional UPDATE claims a row once
        ids = (await self._execute(query.with_for_update(skip_locked=True))).scalars().all()
        claimed: builtins.list[ReportDelivery] = []
        for found in ids:
            result = await self._execute(
                update(report_deliveries)
                .where(c.id == found, pending, free)
                .values(mail_claimed_until=lease_until, mail_attempts=c.mail_attempts + 1)
                .returning(report_deliveries)
            )
            row = result.mappings().first()
            if row is not None:
                claimed.append(delivery_from_row(row))
        return claimed

    async def mark_mailed(self, delivery_id: UUID, *, now: datetime) -> None:
        c = report_deliveries.c
        await self._execute(
            update(report_deliveries)
            .where(c.id == delivery_id, c.mail_status == MailStatus.PENDING.value)
            .values(mail_status=MailStatus.SENT.value, mailed_at=now, mail_claimed_until=None)
        )

    def _track(self, schedule: ReportSchedule) -> ReportSchedule:
        self._tracker.track(schedule)
        self._loaded_versions[id(schedule)] = schedule.version
        return schedule
