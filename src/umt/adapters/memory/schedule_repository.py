"""In-memory recurring schedules; ``store.schedule_holds`` are the ids an open expansion holds
(the in-memory row locks, as ``FOR UPDATE SKIP LOCKED`` skips them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.publishing.schedule import Schedule
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import OrganizationId, ScheduleId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.pagination import Page, PageRequest, paginate
from umt.ports.schedule_repository import SCHEDULE_SORTS, ScheduleFilter, ScheduleRepository


class InMemoryScheduleRepository(InMemoryRepository, ScheduleRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[UUID, int | None] = {}  # None: added by this transaction

    async def get(
        self, organization_id: OrganizationId, schedule_id: ScheduleId
    ) -> Schedule | None:
        stored = self._store.schedules.get(schedule_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._hand_out(stored)

    async def add(self, schedule: Schedule) -> None:
        snapshot = detached(schedule)
        self._tx.stage(lambda: self._store.schedules.__setitem__(schedule.id, snapshot))
        self._loaded[schedule.id] = None
        self._tracker.track(schedule)

    async def save(self, schedule: Schedule) -> None:
        loaded = self._loaded.get(schedule.id, schedule.version)
        check = (
            None
            if loaded is None
            else version_check(self._store.schedules, schedule.id, loaded, "schedule")
        )
        snapshot = detached(schedule)
        self._tx.stage(lambda: self._store.schedules.__setitem__(schedule.id, snapshot), check)
        self._tracker.track(schedule)

    async def remove(self, schedule: Schedule) -> None:
        self._tracker.track(schedule)
        self._tx.stage(lambda: self._store.schedules.pop(schedule.id, None))

    async def list(
        self, organization_id: OrganizationId, filters: ScheduleFilter, page: PageRequest
    ) -> Page[Schedule]:
        if page.sort not in SCHEDULE_SORTS:
            raise InvalidValue(
                f"cannot sort by {page.sort!r}; use one of {sorted(SCHEDULE_SORTS)}", field="sort"
            )
        matching = [
            s
            for s in self._store.schedules.values()
            if s.organization_id == organization_id
            and (filters.brand_id is None or s.brand_id == filters.brand_id)
            and (filters.brand_ids is None or s.brand_id in filters.brand_ids)
            and (filters.active is None or s.active == filters.active)
        ]
        result = paginate(
            matching, page, sort_value=lambda s: getattr(s, page.sort), item_id=lambda s: s.id
        )
        return Page(items=[self._hand_out(s) for s in result.items], next_cursor=result.next_cursor)

    async def to_expand(self, before: date, *, limit: int) -> Sequence[Schedule]:
        held = self._store.schedule_holds
        free = [
            s
            for s in self._store.schedules.values()
            if s.id not in held
            and s.active
            and (s.next_expansion_on is None or s.next_expansion_on <= before)
        ]
        chosen = sorted(free, key=lambda s: (s.created_at, str(s.id)))[:limit]
        ids = {s.id for s in chosen}
        held.update(ids)
        self._tx.hold(lambda: held.difference_update(ids))
        return [self._hand_out(s) for s in chosen]

    def _hand_out(self, stored: Schedule) -> Schedule:
        self._loaded[stored.id] = stored.version
        return self._tracker.track(detached(stored))
