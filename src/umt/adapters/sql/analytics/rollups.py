"""The SQL MetricRollupReader: sums of a brand's daily buckets (PostgreSQL sums them on its
covering index; SQLite keeps exact decimals as text, so it adds them up in Python)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, select

from umt.adapters.sql.analytics.tables import metric_rollups
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.engine import translate_errors
from umt.domain.analytics.rollups import ZERO
from umt.domain.brand.channels import Channel
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_rollups import MetricRollup, MetricRollupReader, RollupQuery, RollupSum

_r = metric_rollups.c
_CHANNELS = {channel.value: channel for channel in Channel}
_METRICS = {metric.value: metric for metric in Metric}
# PostgreSQL: summed on the covering index (organization, brand, day, metric) INCLUDE
# (channel, currency, value); ordered as the port says (code points, a missing currency first)
DAILY_SUMS = """
SELECT day, channel, metric, currency, sum(value)
FROM metric_rollups
WHERE organization_id = $1 AND brand_id = $2 AND day >= $3 AND day <= $4
    AND metric = ANY($5::text[]) AND ($6::text[] IS NULL OR channel = ANY($6::text[]))
GROUP BY day, channel, metric, currency
ORDER BY day, channel COLLATE "C", metric COLLATE "C", currency COLLATE "C" NULLS FIRST
"""


def rollup_from_row(row: RowMapping) -> MetricRollup:
    return MetricRollup(
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        subject_kind=SubjectKind(row["subject_kind"]),
        subject_id=row["subject_id"],
        metric=Metric(row["metric"]),
        day=row["day"],
        channel=Channel(row["channel"]),
        value=row["value"],
        total=row["total"],
        currency=row["currency"],
    )


def sum_key(item: RollupSum) -> tuple[Any, ...]:
    """The order of ``daily_sums``: day, channel, metric, currency (none first)."""
    return (item.day, item.channel.value, item.metric.value, item.currency or "")


class SqlMetricRollupReader(SqlRepository, MetricRollupReader):
    async def daily_sums(self, query: RollupQuery) -> Sequence[RollupSum]:
        if self._pg is not None:
            return await self._summed_by_database(query)
        conditions = [
            _r.organization_id == query.organization_id,
            _r.brand_id == query.brand_id,
            _r.day >= query.since,
            _r.day <= query.until,
            _r.metric.in_(sorted(m.value for m in query.metrics)),
        ]
        if query.channels is not None:
            conditions.append(_r.channel.in_(sorted(c.value for c in query.channels)))
        result = await self._execute(
            select(_r.day, _r.channel, _r.metric, _r.currency, _r.value).where(*conditions)
        )
        sums: defaultdict[tuple[Any, ...], Decimal] = defaultdict(lambda: ZERO)
        for row in result.all():
            sums[(row.day, row.channel, row.metric, row.currency)] += row.value
        found = [
            RollupSum(
                day=day,
                channel=_CHANNELS[channel],
                metric=_METRICS[metric],
                currency=currency,
                value=value,
            )
            for (day, channel, metric, currency), value in sums.items()
        ]
        return sorted(found, key=sum_key)

    async def _summed_by_database(self, query: RollupQuery) -> Sequence[RollupSum]:
        """One prepared statement on the unit of work's asyncpg connection: the dashboards'
        read, kept clear of SQLAlchemy's per-row processing."""
        assert self._pg is not None  # noqa: S101 - PostgreSQL: the asyncpg transaction
        channels = None if query.channels is None else sorted(c.value for c in query.channels)
        async with translate_errors("reading the rollups"):
            rows = await self._pg.driver.fetch(
                DAILY_SUMS,
                query.organization_id,
                query.brand_id,
                query.since,
                query.until,
                sorted(m.value for m in query.metrics),
                channels,
            )
        return [
            RollupSum(
                day=day,
                channel=_CHANNELS[channel],
                metric=_METRICS[metric],
                currency=currency,
                value=value,
            )
            for day, channel, metric, currency, value in rows
        ]

    async def series(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        *,
        metric: Metric | None = None,
    ) -> Sequence[MetricRollup]:
        statement = select(metric_rollups).where(
            _r.organization_id == organization_id,
            _r.subject_id == subject_id,
            _r.subject_kind == subject_kind.value,
        )
        if metric is not None:
            statement = statement.where(_r.metric == metric.value)
        result = await self._execute(statement)
        found = [rollup_from_row(row) for row in result.mappings()]
        return sorted(found, key=lambda r: (r.metric.value, r.day))
