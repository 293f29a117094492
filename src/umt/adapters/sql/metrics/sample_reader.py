"""SQL metric sample reader: a subject's latest totals and its series, keyset-paged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, Select, func, literal, select, tuple_

from umt.adapters.sql.analytics.tables import metric_samples
from umt.adapters.sql.base import SqlRepository
from umt.domain.brand.channels import Channel
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_sample_reader import (
    MetricSampleReader,
    SamplePosition,
    SampleQuery,
    SampleSeries,
)
from umt.ports.metric_sink import MetricSample

_c = metric_samples.c


def sample_from_row(row: RowMapping) -> MetricSample:
    return MetricSample(
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        subject_kind=SubjectKind(row["subject_kind"]),
        subject_id=row["subject_id"],
        channel=Channel(row["channel"]),
        metric=Metric(row["metric"]),
        value=row["value"],
        observed_at=row["observed_at"],
        source=row["source"],
        raw_name=row["raw_name"],
        currency=row["currency"],
    )


def _matching(query: SampleQuery, *columns: Any) -> Select[Any]:
    statement = select(*columns).where(
        _c.subject_id == query.subject_id,
        _c.subject_kind == query.subject_kind.value,
        _c.organization_id == query.organization_id,
    )
    if query.metric is not None:
        statement = statement.where(_c.metric == query.metric.value)
    if query.since is not None:
        statement = statement.where(_c.observed_at >= query.since)
    if query.until is not None:
        statement = statement.where(_c.observed_at < query.until)
    if query.brand_ids is not None:
        statement = statement.where(_c.brand_id.in_(sorted(query.brand_ids)))
    return statement


class SqlMetricSampleReader(SqlRepository, MetricSampleReader):
    async def latest(self, query: SampleQuery) -> Sequence[MetricSample]:
        last = (
            _matching(query, _c.metric, _c.source, func.max(_c.observed_at).label("at"))
            .group_by(_c.metric, _c.source)
            .subquery()
        )
        statement = (
            _matching(query, metric_samples)
            .join(
                last,
                (last.c.metric == _c.metric)
                & (last.c.source == _c.source)
                & (last.c.at == _c.observed_at),
            )
            .order_by(*self._series_order()[1:])
        )
        result = await self._execute(statement)
        return [sample_from_row(row) for row in result.mappings()]

    async def series(
        self, query: SampleQuery, *, after: SamplePosition | None, limit: int
    ) -> SampleSeries:
        statement = _matching(query, metric_samples)
        order = self._series_order()
        if after is not None:
            bound = tuple_(
                literal(after.observed_at, _c.observed_at.type),
                literal(after.metric.value, _c.metric.type),
                literal(after.source, _c.source.type),
            )
            statement = statement.where(tuple_(*order) > bound)
        statement = statement.order_by(*order).limit(limit + 1)
        result = await self._execute(statement)
        samples = [sample_from_row(row) for row in result.mappings()]
        more = len(samples) > limit
        samples = samples[:limit]
        last = samples[-1] if more and samples else None
        position = (
            None
            if last is None
            else SamplePosition(
                observed_at=last.observed_at, metric=last.metric, source=last.source
            )
        )
        return SampleSeries(samples=samples, next=position)

    def _series_order(self) -> tuple[ColumnElement[Any], ...]:
        """Time, then metric and source by code point (as Python orders them)."""
        collation = "C" if self._dialect == "postgresql" else "BINARY"
        return (_c.observed_at, _c.metric.collate(collation), _c.source.collate(collation))
