"""In-memory recommendations (held to the SQL ones by
tests/contracts/test_recommendation_repository.py)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from umt.adapters.memory.store import InMemoryStore, Transaction, detached, version_check
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.strategy.recommendation import Recommendation
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.recommendation_repository import RecommendationRepository


class InMemoryRecommendationRepository(RecommendationRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        self._store = store
        self._tx = tx
        self._tracker = tracker
        self._loaded: dict[UUID, int] = {}

    async def get(
        self, organization_id: OrganizationId, recommendation_id: UUID
    ) -> Recommendation | None:
        stored = self._store.recommendations.get(recommendation_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[stored.id] = stored.version
        return self._tracker.track(detached(stored))

    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> Sequence[Recommendation]:
        found = [
            r
            for r in self._store.recommendations.values()
            if r.organization_id == organization_id and r.brand_id == brand_id
        ]
        for r in found:
            self._loaded[r.id] = r.version
        return [self._tracker.track(detached(r)) for r in sorted(found, key=lambda r: r.key)]

    async def add(self, recommendation: Recommendation) -> None:
        table = self._store.recommendations
        snapshot = detached(recommendation)

        def unique() -> None:
            for r in table.values():
                same_brand = (r.organization_id, r.brand_id) == (
                    snapshot.organization_id,
                    snapshot.brand_id,
                )
                if r.id == snapshot.id or (same_brand and r.key == snapshot.key):
                    raise Conflict(f"the brand already has the recommendation {snapshot.key}")

        self._tx.stage(lambda: table.__setitem__(snapshot.id, snapshot), unique)
        self._loaded[recommendation.id] = recommendation.version
        self._tracker.track(recommendation)

    async def save(self, recommendation: Recommendation) -> None:
        table = self._store.recommendations
        loaded = self._loaded.get(recommendation.id, recommendation.version)
        check = version_check(table, recommendation.id, loaded, "recommendation")
        snapshot = detached(recommendation)
        self._tx.stage(lambda: table.__setitem__(snapshot.id, snapshot), check)
        self._loaded[recommendation.id] = recommendation.version
        self._tracker.track(recommendation)

    async def remove(self, recommendation: Recommendation) -> None:
        table = self._store.recommendations
        self._tx.stage(lambda: table.pop(recommendation.id, None))
