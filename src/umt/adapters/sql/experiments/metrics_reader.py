"""Per-arm summary statistics of an experiment, summed by the database in one statement.

It reads the per-unit rollup that ingestion keeps (``experiment_units``: one row per unit and
arm, with its exposure, covariate and per-metric conversion count and value sum), never the
events: one scan of the experiment's unit rows and a per-arm aggregate, so the analysis
streams whatever the number of events, and Python receives one row per arm.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.experiments.tables import METRIC_SLOTS
from umt.adapters.sql.experiments.tables import experiment_units as u
from umt.domain.shared.ids import ExperimentId, OrganizationId
from umt.ports.experiment_metrics_reader import ArmTotals, ExperimentMetricsReader, MetricTotals


def arm_totals_query(
    organization_id: OrganizationId, experiment_id: ExperimentId, slots: int
) -> Any:
    """The aggregation over the first ``slots`` metric slots (also used by the benchmark)."""
    x = u.c.covariate
    sums: list[Any] = []
    for i in range(slots):
        y = u.c[f"y{i}"]
        sums += [
            func.sum(case((u.c[f"c{i}"] > 0, 1), else_=0)),
            func.sum(y),
            func.sum(y * y),
            func.coalesce(func.sum(x * y), 0.0),
        ]
    return (
        select(
            u.c.arm,
            func.count(),
            func.count(x),
            func.coalesce(func.sum(x), 0.0),
            func.coalesce(func.sum(x * x), 0.0),
            *sums,
        )
        .where(
            u.c.experiment_id == experiment_id,
            u.c.organization_id == organization_id,
            u.c.exposed == 1,
        )
        .group_by(u.c.arm)
        .order_by(u.c.arm)
    )


class SqlExperimentMetricsReader(SqlRepository, ExperimentMetricsReader):
    async def arm_totals(
        self,
        organization_id: OrganizationId,
        experiment_id: ExperimentId,
        metrics: Sequence[str],
    ) -> list[ArmTotals]:
        names = list(metrics[:METRIC_SLOTS])
        result = await self._execute(arm_totals_query(organization_id, experiment_id, len(names)))
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
