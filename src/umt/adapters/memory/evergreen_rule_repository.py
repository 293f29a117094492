"""In-memory evergreen rules; ``store.evergreen_holds`` are the ids an open recycling pass
holds (the in-memory row locks, as ``FOR UPDATE SKIP LOCKED`` skips them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.publishing.evergreen import EvergreenRule
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.evergreen_rule_repository import EvergreenRuleRepository


class InMemoryEvergreenRuleRepository(InMemoryRepository, EvergreenRuleRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[UUID, int | None] = {}  # None: added by this transaction

    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> EvergreenRule | None:
        for stored in self._store.evergreen_rules.values():
            if stored.organization_id == organization_id and stored.brand_id == brand_id:
                return self._hand_out(stored)
        return None

    async def add(self, rule: EvergreenRule) -> None:
        snapshot = detached(rule)
        self._tx.stage(
            lambda: self._store.evergreen_rules.__setitem__(rule.id, snapshot),
            self._unique(rule),
        )
        self._loaded[rule.id] = None
        self._tracker.track(rule)

    async def save(self, rule: EvergreenRule) -> None:
        loaded = self._loaded.get(rule.id, rule.version)
        check = (
            None
            if loaded is None
            else version_check(self._store.evergreen_rules, rule.id, loaded, "evergreen rule")
        )
        snapshot = detached(rule)
        self._tx.stage(lambda: self._store.evergreen_rules.__setitem__(rule.id, snapshot), check)
        self._tracker.track(rule)

    async def remove(self, rule: EvergreenRule) -> None:
        self._tracker.track(rule)
        self._tx.stage(lambda: self._store.evergreen_rules.pop(rule.id, None))

    async def due(self, now: datetime, *, limit: int) -> Sequence[EvergreenRule]:
        held = self._store.evergreen_holds
        free = [r for r in self._store.evergreen_rules.values() if r.id not in held and r.due(now)]
        chosen = sorted(free, key=lambda r: (r.next_run_at, str(r.id)))[:limit]
        ids = {r.id for r in chosen}
        held.update(ids)
        self._tx.hold(lambda: held.difference_update(ids))
        return [self._hand_out(r) for r in chosen]

    def _unique(self, rule: EvergreenRule) -> Callable[[], None]:
        def check() -> None:
            for stored in self._store.evergreen_rules.values():
                if (stored.organization_id, stored.brand_id) == (
                    rule.organization_id,
                    rule.brand_id,
                ) and stored.id != rule.id:
                    raise Conflict("the brand has an evergreen rule already", field="brand_id")

        return check

    def _hand_out(self, stored: EvergreenRule) -> EvergreenRule:
        self._loaded[stored.id] = stored.version
        return self._tracker.track(detached(stored))
