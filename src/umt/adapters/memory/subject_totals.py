"""In-memory latest totals of many subjects, read from the memory store's daily rollups."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from uuid import UUID

from umt.adapters.memory.store import InMemoryStore
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.subject_totals import MAX_SUBJECTS, SubjectTotals, SubjectTotalsReader


class InMemorySubjectTotalsReader(SubjectTotalsReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def latest_totals(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_ids: Collection[UUID],
        metrics: Collection[Metric],
    ) -> SubjectTotals:
        if len(subject_ids) > MAX_SUBJECTS:
            raise InvalidValue(f"at most {MAX_SUBJECTS} subjects at once", field="subject_ids")
        found: dict[UUID, dict[Metric, Decimal]] = {}
        for subject_id in subject_ids:
            for metric in metrics:
                key = (organization_id, subject_id, subject_kind, metric)
                buckets = self._store.metric_rollups.get(key)
                if buckets:
                    found.setdefault(subject_id, {})[metric] = buckets[max(buckets)].total
        return found
