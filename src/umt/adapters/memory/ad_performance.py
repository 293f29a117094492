"""In-memory AdPerformanceReader over the store's metric samples (the SQL reader's rules)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import InMemoryStore
from umt.domain.advertising.conditions import Performance
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import SubjectKind
from umt.ports.ad_performance import AD_METRICS, AdPerformanceReader, performance_from


class InMemoryAdPerformanceReader(AdPerformanceReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def performance(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        *,
        start: datetime | None,
        end: datetime,
    ) -> Performance:
        samples = [
            (s.metric, s.observed_at, s.value)
            for s in self._store.metric_samples.values()
            if s.subject_id == subject_id
            and s.subject_kind == subject_kind
            and s.organization_id == organization_id
            and s.metric in AD_METRICS
        ]
        return performance_from(samples, start=start, end=end)
