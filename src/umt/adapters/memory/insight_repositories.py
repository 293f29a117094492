"""In-memory insights and alert rules (the embedded default and the fake the unit tests run
on; tests/contracts/test_insight_repositories.py holds them to the SQL ones)."""

from __future__ import annotations

import builtins
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
from umt.domain.analytics.insights.alert_rule import AlertRule
from umt.domain.analytics.insights.insight import Insight
from umt.domain.shared.errors import Conflict, InvalidValue
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.alert_rule_repository import AlertRuleRepository
from umt.ports.insight_repository import INSIGHT_SORTS, InsightFilter, InsightRepository
from umt.ports.pagination import Page, PageRequest, paginate


class InMemoryInsightRepository(InMemoryRepository, InsightRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[UUID, int] = {}
        self._staged: set[tuple[UUID, UUID, str]] = set()

    async def add_new(self, insight: Insight) -> bool:
        key = (insight.organization_id, insight.brand_id, insight.key)
        if key in self._store.insight_keys or key in self._staged:
            return False
        self._staged.add(key)
        snapshot = detached(insight)
        keys = self._store.insight_keys

        def check() -> None:
            # a concurrent transaction committed the twin since: this one must not commit
            # its event (the SQL stores skip the row instead)
            if key in keys:
                raise Conflict(f"insight {insight.key} was raised meanwhile")

        def write() -> None:
            keys[key] = snapshot.id
            self._store.insights[snapshot.id] = snapshot

        self._tx.stage(write, check)
        self._loaded[insight.id] = insight.version
        self._tracker.track(insight)
        return True

    async def get(self, organization_id: UUID, insight_id: UUID) -> Insight | None:
        stored = self._store.insights.get(insight_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[insight_id] = stored.version
        return self._tracked(detached(stored))

    async def save(self, insight: Insight) -> None:
        loaded = self._loaded.get(insight.id, insight.version)
        check = version_check(self._store.insights, insight.id, loaded, "insight")
        snapshot = detached(insight)
        self._tx.stage(lambda: self._store.insights.__setitem__(insight.id, snapshot), check)
        self._loaded[insight.id] = insight.version
        self._tracker.track(insight)

    async def list(
        self, organization_id: UUID, brand_id: UUID, filters: InsightFilter, page: PageRequest
    ) -> Page[Insight]:
        if page.sort not in INSIGHT_SORTS:
            raise InvalidValue(
                f"cannot sort by {page.sort!r}; use one of {sorted(INSIGHT_SORTS)}", field="sort"
            )
        found = [
            i
            for i in self._store.insights.values()
            if i.organization_id == organization_id
            and i.brand_id == brand_id
            and _match(i, filters)
        ]
        chosen = paginate(
            found, page, sort_value=lambda i: getattr(i, page.sort), item_id=lambda i: i.id
        )
        return Page([detached(i) for i in chosen.items], chosen.next_cursor)

    async def last_day(self, organization_id: UUID, brand_id: UUID, series: str) -> date | None:
        days = [
            i.day
            for i in self._store.insights.values()
            if i.organization_id == organization_id
            and i.brand_id == brand_id
            and i.series == series
        ]
        return max(days, default=None)

    async def brands_with_rollups(self, since: date) -> Sequence[tuple[UUID, UUID]]:
        found: set[tuple[UUID, UUID]] = set()
        for buckets in self._store.metric_rollups.values():
            for bucket in buckets.values():
                if bucket.day >= since:
                    found.add((bucket.organization_id, bucket.brand_id))
        return sorted(found, key=lambda pair: (str(pair[0]), str(pair[1])))

    def _tracked(self, insight: Insight) -> Insight:
        self._tracker.track(insight)
        return insight


def _match(insight: Insight, filters: InsightFilter) -> bool:
    return (
        (filters.kind is None or insight.kind is filters.kind)
        and (filters.status is None or insight.status is filters.status)
        and (filters.measure is None or insight.measure == filters.measure)
        and (filters.since is None or insight.day >= filters.since)
        and (filters.until is None or insight.day <= filters.until)
    )


class InMemoryAlertRuleRepository(InMemoryRepository, AlertRuleRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[UUID, int] = {}

    async def get(self, organization_id: UUID, rule_id: UUID) -> AlertRule | None:
        stored = self._store.alert_rules.get(rule_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._loaded_copy(stored)

    async def add(self, rule: AlertRule) -> None:
        snapshot = detached(rule)
        self._tx.stage(lambda: self._store.alert_rules.__setitem__(rule.id, snapshot))
        self._loaded[rule.id] = rule.version
        self._tracker.track(rule)

    async def save(self, rule: AlertRule) -> None:
        loaded = self._loaded.get(rule.id, rule.version)
        check = version_check(self._store.alert_rules, rule.id, loaded, "alert rule")
        snapshot = detached(rule)
        self._tx.stage(lambda: self._store.alert_rules.__setitem__(rule.id, snapshot), check)
        self._loaded[rule.id] = rule.version
        self._tracker.track(rule)

    async def remove(self, rule: AlertRule) -> None:
        loaded = self._loaded.get(rule.id, rule.version)
        check = version_check(self._store.alert_rules, rule.id, loaded, "alert rule")
        self._tx.stage(lambda: self._store.alert_rules.pop(rule.id, None), check)
        self._tracker.track(rule)

    async def list(self, organization_id: UUID, brand_id: UUID) -> builtins.list[AlertRule]:
        found = [
            r
            for r in self._store.alert_rules.values()
            if r.organization_id == organization_id and r.brand_id == brand_id
        ]
        found.sort(key=lambda r: (r.created_at, str(r.id)))
        return [self._loaded_copy(r) for r in found]

    def _loaded_copy(self, stored: AlertRule) -> AlertRule:
        rule = detached(stored)
        self._loaded[rule.id] = rule.version
        self._tracker.track(rule)
        return rule
