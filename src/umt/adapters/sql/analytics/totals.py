"""The SQL RollupTotalsReader: each subject's buckets summed over a range of days (PostgreSQL
sums them in the database; SQLite keeps exact decimals as text, so it adds them up in
Python)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from umt.adapters.sql.analytics.tables import metric_rollups
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.engine import translate_errors
from umt.domain.analytics.rollups import ZERO
from umt.domain.brand.channels import Channel
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.rollup_totals import RollupTotalsReader, SubjectTotal, TotalsQuery, total_key

_r = metric_rollups.c
# PostgreSQL: the brand's days found on the (organization, brand, day, metric) index
SUBJECT_TOTALS = """
SELECT subject_kind, subject_id, channel, metric, currency, sum(value)
FROM metric_rollups
WHERE organization_id = $1 AND brand_id = $2 AND day >= $3 AND day <= $4
    AND metric = ANY($5::text[]) AND ($6::text[] IS NULL OR subject_kind = ANY($6::text[]))
GROUP BY subject_kind, subject_id, channel, metric, currency
"""


def _total(kind: str, subject: Any, channel: str, metric: str, currency: Any, value: Any) -> Any:
    return SubjectTotal(
        subject_kind=SubjectKind(kind),
        subject_id=subject,
        channel=Channel(channel),
        metric=Metric(metric),
        currency=currency,
        value=Decimal(value),
    )


class SqlRollupTotalsReader(SqlRepository, RollupTotalsReader):
    async def subject_totals(self, query: TotalsQuery) -> Sequence[SubjectTotal]:
        metrics = sorted(m.value for m in query.metrics)
        kinds = (
            None if query.subject_kinds is None else sorted(k.value for k in query.subject_kinds)
        )
        if self._pg is not None:
            async with translate_errors("reading the rollups"):
                rows = await self._pg.driver.fetch(
                    SUBJECT_TOTALS,
                    query.organization_id,
                    query.brand_id,
                    query.since,
                    query.until,
                    metrics,
                    kinds,
                )
            return sorted((_total(*row) for row in rows), key=total_key)
        statement = select(
            _r.subject_kind, _r.subject_id, _r.channel, _r.metric, _r.currency, _r.value
        ).where(
            _r.organization_id == query.organization_id,
            _r.brand_id == query.brand_id,
            _r.day >= query.since,
            _r.day <= query.until,
            _r.metric.in_(metrics),
        )
        if kinds is not None:
            statement = statement.where(_r.subject_kind.in_(kinds))
        result = await self._execute(statement)
        sums: defaultdict[tuple[Any, ...], Decimal] = defaultdict(lambda: ZERO)
        for row in result.all():
            sums[(row.subject_kind, row.subject_id, row.channel, row.metric, row.currency)] += (
                row.value
            )
        found = [
            _total(kind, subject, channel, metric, currency, value)
            for (kind, subject, channel, metric, currency), value in sums.items()
        ]
        return sorted(found, key=total_key)
