"""The SQL schedule repository, with its explicit mapper."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, delete, insert, or_, select, update

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_datetime
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.publishing.tables import publication_schedules as t
from umt.domain.publishing.publication_status import MissedPolicy
from umt.domain.publishing.schedule import Frequency, Schedule
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import OrganizationId, ScheduleId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.pagination import Page, PageRequest
from umt.ports.schedule_repository import ScheduleFilter, ScheduleRepository

SORT_KEYS = {
    "created_at": SortKey(t.c.created_at, parse_datetime),
    "updated_at": SortKey(t.c.updated_at, parse_datetime),
}
_IMMUTABLE = frozenset({"id", "organization_id", "brand_id", "content_id", "created_at"})


def schedule_to_row(s: Schedule) -> dict[str, Any]:
    return {
        "id": s.id,
        "organization_id": s.organization_id,
        "brand_id": s.brand_id,
        "content_id": s.content_id,
        "channel_account_ids": [str(a) for a in s.channel_account_ids],
        "frequency": s.frequency.value,
        "weekdays": sorted(s.weekdays),
        "interval_days": s.interval_days,
        "local_time": s.local_time,
        "time_zone": s.time_zone,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "horizon_days": s.horizon_days,
        "expanded_until": s.expanded_until,
        "next_expansion_on": s.next_expansion_on,
        "active": s.active,
        "grace_seconds": None if s.grace is None else int(s.grace.total_seconds()),
        "missed_policy": None if s.missed_policy is None else s.missed_policy.value,
        "version": s.version,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
    }


def schedule_from_row(row: RowMapping) -> Schedule:
    return Schedule(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        content_id=row["content_id"],
        channel_account_ids=tuple(UUID(a) for a in row["channel_account_ids"]),  # type: ignore[misc]  # ids as stored
        frequency=Frequency(row["frequency"]),
        weekdays=frozenset(row["weekdays"]),
        interval_days=row["interval_days"],
        local_time=row["local_time"],
        time_zone=row["time_zone"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        horizon_days=row["horizon_days"],
        expanded_until=row["expanded_until"],
        active=row["active"],
        grace=None if row["grace_seconds"] is None else timedelta(seconds=row["grace_seconds"]),
        missed_policy=None if row["missed_policy"] is None else MissedPolicy(row["missed_policy"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlScheduleRepository(SqlRepository, ScheduleRepository):
    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded: dict[UUID, int] = {}

    async def get(
        self, organization_id: OrganizationId, schedule_id: ScheduleId
    ) -> Schedule | None:
        found = await self._load(
            select(t).where(t.c.id == schedule_id, t.c.organization_id == organization_id)
        )
        return found[0] if found else None

    async def add(self, schedule: Schedule) -> None:
        await self._execute(insert(t), schedule_to_row(schedule))
        self._track(schedule)

    async def save(self, schedule: Schedule) -> None:
        condition = (t.c.id == schedule.id) & (t.c.organization_id == schedule.organization_id)
        if (loaded := self._loaded.get(schedule.id)) is not None:
            condition &= t.c.version == loaded
        row = {k: v for k, v in schedule_to_row(schedule).items() if k not in _IMMUTABLE}
        result = await self._execute(update(t).where(condition).values(row))
        if result.rowcount == 0:
            raise StaleVersion(f"schedule {schedule.id} was changed meanwhile; reload it")
        self._track(schedule)

    async def remove(self, schedule: Schedule) -> None:
        self._tracker.track(schedule)  # its deletion event is committed with it
        await self._execute(
            delete(t).where(t.c.id == schedule.id, t.c.organization_id == schedule.organization_id)
        )

    async def list(
        self, organization_id: OrganizationId, filters: ScheduleFilter, page: PageRequest
    ) -> Page[Schedule]:
        query = select(t).where(t.c.organization_id == organization_id)
        if filters.brand_id is not None:
            query = query.where(t.c.brand_id == filters.brand_id)
        if filters.brand_ids is not None:
            query = query.where(t.c.brand_id.in_(sorted(filters.brand_ids)))
        if filters.active is not None:
            query = query.where(t.c.active.is_(filters.active))
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=t.c.id, page=page, dialect=self._dialect
        )
        items = await self._load(query)
        return build_page(
            items, page, sort_value=lambda s: getattr(s, page.sort), item_id=lambda s: s.id
        )

    async def to_expand(self, before: date, *, limit: int) -> Sequence[Schedule]:
        return await self._load(
            select(t)
            .where(
                t.c.active.is_(True),
                or_(t.c.next_expansion_on.is_(None), t.c.next_expansion_on <= before),
            )
            .order_by(t.c.created_at, t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

    async def _load(self, query: Any) -> builtins.list[Schedule]:
        result = await self._execute(query)
        return [self._track(schedule_from_row(row)) for row in result.mappings()]

    def _track(self, schedule: Schedule) -> Schedule:
        self._tracker.track(schedule)
        self._loaded[schedule.id] = schedule.version
        return schedule
