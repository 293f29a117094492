"""Per-arm summary statistics of an experiment, computed by the database in one statement.

The inner query reduces the observations to one row per (arm, unit): whether the unit was
exposed, its covariate, and per metric whether it converted and the sum of its values; the
outer query sums those per arm. PostgreSQL runs it as a scan and two hash aggregates, so the
analysis streams: Python receives one row per arm, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.tables import experiment_observations as o
from umt.domain.experiments.observation import ObservationKind
from umt.domain.shared.ids import ExperimentId, OrganizationId
from umt.ports.experiment_metrics_reader import ArmTotals, ExperimentMetricsReader, MetricTotals

_EXPOSURE = ObservationKind.EXPOSURE.value
_CONVERSION = ObservationKind.CONVERSION.value


def arm_totals_query(
    organization_id: OrganizationId, experiment_id: ExperimentId, metrics: Sequence[str]
) -> Any:
    """The aggregation statement (also used by the benchmark to show its plan)."""
    per_metric: list[Any] = []
    for i, metric in enumerate(metrics):
        hit = and_(o.c.kind == _CONVERSION, o.c.metric == metric)
        per_metric += [
            func.max(case((hit, 1), else_=0)).label(f"c{i}"),
            func.sum(case((hit, o.c.value), else_=0.0)).label(f"y{i}"),
        ]
    relevant = o.c.kind == _EXPOSURE
    if metrics:
        relevant = or_(relevant, o.c.metric.in_(list(metrics)))
    units = (
        select(
            o.c.arm,
            func.max(case((o.c.kind == _EXPOSURE, 1), else_=0)).label("exposed"),
            func.max(case((o.c.kind == _EXPOSURE, o.c.covariate))).label("x"),
            *per_metric,
        )
        .where(o.c.experiment_id == experiment_id, o.c.organization_id == organization_id, relevant)
        .group_by(o.c.arm, o.c.unit_id)
        .subquery("units")
    )
    x = units.c.x
    sums: list[Any] = []
    for i in range(len(metrics)):
        y = units.c[f"y{i}"]
        sums += [
            func.coalesce(func.sum(units.c[f"c{i}"]), 0),
            func.coalesce(func.sum(y), 0.0),
            func.coalesce(func.sum(y * y), 0.0),
            func.coalesce(func.sum(x * y), 0.0),
        ]
    return (
        select(
            units.c.arm,
            func.count(),
            func.count(x),
            func.coalesce(func.sum(x), 0.0),
            func.coalesce(func.sum(x * x), 0.0),
            *sums,
        )
        .where(units.c.exposed == 1)
        .group_by(units.c.arm)
        .order_by(units.c.arm)
    )


class SqlExperimentMetricsReader(SqlRepository, ExperimentMetricsReader):
    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__(connection)

    async def arm_totals(
        self,
        organization_id: OrganizationId,
        experiment_id: ExperimentId,
        metrics: Sequence[str],
    ) -> list[ArmTotals]:
        names = list(dict.fromkeys(metrics))
        result = await self._execute(arm_totals_query(organization_id, experiment_id, names))
        totals: list[ArmTotals] = []
        for row in result.all():
            arm, exposed, covariate_units, x_total, x_sq, *rest = tuple(row)
            totals.append(
                ArmTotals(
                    arm=arm,
                    exposed=int(exposed),
                    covariate_units=int(covariate_units),
                    covariate_total=float(x_total),
                    covariate_total_sq=float(x_sq),
                    metrics={
                        name: MetricTotals(
                            converted=int(rest[4 * i]),
                            total=float(rest[4 * i + 1]),
                            total_sq=float(rest[4 * i + 2]),
                            total_cross=float(rest[4 * i + 3]),
                        )
                        for i, name in enumerate(names)
                    },
                )
            )
        return totals
