"""The SQL AdPerformanceReader: the subject's samples up to the window's end, in one query
on the metric_samples primary key (subject, kind, metric, time); the deltas in Python (SQLite
keeps exact decimals as text)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select

from umt.adapters.sql.analytics.tables import metric_samples as ms
from umt.adapters.sql.base import SqlRepository
from umt.domain.advertising.conditions import Performance
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.ad_performance import AD_METRICS, AdPerformanceReader, performance_from


class SqlAdPerformanceReader(SqlRepository, AdPerformanceReader):
    async def performance(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        *,
        start: datetime | None,
        end: datetime,
    ) -> Performance:
        result = await self._execute(
            select(ms.c.metric, ms.c.observed_at, ms.c.value).where(
                ms.c.subject_id == subject_id,
                ms.c.subject_kind == subject_kind.value,
                ms.c.organization_id == organization_id,
                ms.c.metric.in_([m.value for m in AD_METRICS]),
                ms.c.observed_at <= end,
            )
        )
        samples = [(Metric(r.metric), r.observed_at, r.value) for r in result.all()]
        return performance_from(samples, start=start, end=end)
