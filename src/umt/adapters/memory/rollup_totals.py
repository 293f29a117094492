"""In-memory RollupTotalsReader: the SQL reader's sums over the committed buckets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from umt.adapters.memory.store import InMemoryStore
from umt.domain.analytics.rollups import ZERO
from umt.ports.rollup_totals import RollupTotalsReader, SubjectTotal, TotalsQuery, total_key


class InMemoryRollupTotalsReader(RollupTotalsReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def subject_totals(self, query: TotalsQuery) -> Sequence[SubjectTotal]:
        sums: defaultdict[tuple[Any, ...], Decimal] = defaultdict(lambda: ZERO)
        for (organization_id, subject, kind, metric), buckets in self._store.metric_rollups.items():
            if organization_id != query.organization_id or metric not in query.metrics:
                continue
            if query.subject_kinds is not None and kind not in query.subject_kinds:
                continue
            for day, bucket in buckets.items():
                if query.since <= day <= query.until and bucket.brand_id == query.brand_id:
                    sums[(kind, subject, bucket.channel, metric, bucket.currency)] += bucket.value
        found = [
            SubjectTotal(kind, subject, channel, metric, currency, value)
            for (kind, subject, channel, metric, currency), value in sums.items()
        ]
        return sorted(found, key=total_key)
