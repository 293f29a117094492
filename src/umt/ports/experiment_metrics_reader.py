"""The ExperimentMetricsReader port: per-arm summary statistics, aggregated where the events are.

The analysis never loads events: the store reduces them to a few sums per arm and metric,
which is all the statistics need (counts for binary metrics; n, Σy, Σy² for continuous ones;
Σx, Σx², Σxy for CUPED's pre-period covariate x).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from umt.domain.shared.ids import ExperimentId, OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricTotals:
    """One metric in one arm, over the arm's exposed units. A unit's value ``y`` is the sum of
    its conversion values for the metric (0 without a conversion)."""

    converted: int = 0  # exposed units with at least one conversion
    total: float = 0.0  # Σ y
    total_sq: float = 0.0  # Σ y²
    total_cross: float = 0.0  # Σ x·y over the units that have a covariate x


@dataclass(frozen=True, slots=True, kw_only=True)
class ArmTotals:
    arm: str
    exposed: int = 0  # distinct units with an exposure in this arm
    covariate_units: int = 0  # of which carry a pre-period covariate
    covariate_total: float = 0.0  # Σ x
    covariate_total_sq: float = 0.0  # Σ x²
    metrics: dict[str, MetricTotals] = field(default_factory=dict)

    def metric(self, name: str) -> MetricTotals:
        return self.metrics.get(name, MetricTotals())


class ExperimentMetricsReader(Protocol):
    async def arm_totals(
        self,
        organization_id: OrganizationId,
        experiment_id: ExperimentId,
        metrics: Sequence[str],
    ) -> list[ArmTotals]:
        """One ArmTotals per arm with at least one exposure, sorted by arm name, holding
        ``metrics``: the experiment's metric names in its design order (primary first), as
        ingestion was given them (absent conversions give zero totals). A unit's covariate
        is the largest one its exposures carry; conversions of units never exposed in that
        arm are ignored."""
        ...
