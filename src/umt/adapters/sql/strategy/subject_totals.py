"""The SQL SubjectTotalsReader: each series' latest bucket, found by the rollups' primary key
(organization, subject, kind, metric, day), in chunks of subjects."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from uuid import UUID

from sqlalchemy import and_, func, select

from umt.adapters.sql.analytics.tables import metric_rollups
from umt.adapters.sql.base import SqlRepository
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.subject_totals import MAX_SUBJECTS, SubjectTotals, SubjectTotalsReader

_r = metric_rollups.c
_CHUNK = 500  # ids per statement: well under SQLite's parameter limit


class SqlSubjectTotalsReader(SqlRepository, SubjectTotalsReader):
    async def latest_totals(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_ids: Collection[UUID],
        metrics: Collection[Metric],
    ) -> SubjectTotals:
        if len(subject_ids) > MAX_SUBJECTS:
            raise InvalidValue(f"at most {MAX_SUBJECTS} subjects at once", field="subject_ids")
        wanted = sorted({m.value for m in metrics})
        ids = sorted(set(subject_ids))
        found: dict[UUID, dict[Metric, Decimal]] = {}
        if not wanted:
            return found
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            latest = (
                select(_r.subject_id, _r.metric, func.max(_r.day).label("day"))
                .where(
                    _r.organization_id == organization_id,
                    _r.subject_kind == subject_kind.value,
                    _r.subject_id.in_(chunk),
                    _r.metric.in_(wanted),
                )
                .group_by(_r.subject_id, _r.metric)
                .subquery()
            )
            statement = select(_r.subject_id, _r.metric, _r.total).join(
                latest,
                and_(
                    _r.organization_id == organization_id,
                    _r.subject_kind == subject_kind.value,
                    _r.subject_id == latest.c.subject_id,
                    _r.metric == latest.c.metric,
                    _r.day == latest.c.day,
                ),
            )
            for row in (await self._execute(statement)).all():
                found.setdefault(row.subject_id, {})[Metric(row.metric)] = row.total
        return found
