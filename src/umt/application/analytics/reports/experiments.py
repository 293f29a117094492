"""The experiment outcomes report: the brand's experiments concluded in the range (the
brand's days), each with its stopping reason, its winner, and the lift of the winner (or,
without one, of the variant with the strongest evidence) on the primary metric with its
always-valid interval, as the analysis that concluded it found them (the experiments
context's stored result). The totals count the concluded experiments and those with a winner,
beside the previous period."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from umt.application.analytics.dashboard import Period
from umt.application.analytics.reports.scope import Scope, Table, table
from umt.application.analytics.reports.views import Figure, ReportRow, compared
from umt.domain.experiments.experiment import Experiment, ExperimentStatus
from umt.domain.shared.errors import InvalidValue
from umt.ports.experiment_repository import ExperimentFilter
from umt.ports.pagination import MAX_PAGE_SIZE, PageRequest
from umt.ports.unit_of_work import UnitOfWork

MAX_EXPERIMENTS = 5_000  # concluded ones of the brand, read to find those in the range
DIMENSIONS = ["experiment_id", "name", "stopping_reason", "winner", "variant", "metric"]
FIGURES = ["concluded", "with_winner", "exposed", "lift", "effect", "ci_low", "ci_high", "p_value"]
QUANTUM = Decimal("0.000001")


async def concluded(uow: UnitOfWork, scope: Scope) -> list[Experiment]:
    filters = ExperimentFilter(brand_id=scope.brand_id, status=ExperimentStatus.CONCLUDED)
    found: list[Experiment] = []
    cursor: str | None = None
    while True:
        page = await uow.experiments.list(
            scope.organization_id, filters, PageRequest(limit=MAX_PAGE_SIZE, cursor=cursor)
        )
        found += page.items
        if len(found) > MAX_EXPERIMENTS:
            raise InvalidValue(f"the brand has more than {MAX_EXPERIMENTS:,} experiments")
        cursor = page.next_cursor
        if cursor is None:
            return found


def _in(experiment: Experiment, scope: Scope, period: Period) -> bool:
    at = experiment.concluded_at
    return at is not None and period.since <= at.astimezone(scope.zone).date() <= period.until


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return Decimal(repr(float(value))).quantize(QUANTUM)


def headline(experiment: Experiment) -> Mapping[str, Any] | None:
    """The primary comparison the outcome is told by: the winner's, else the one with the
    smallest adjusted p-value."""
    comparisons: Sequence[Mapping[str, Any]] = [
        c
        for c in experiment.result.get("comparisons", ())
        if isinstance(c, Mapping) and c.get("role") == "primary"
    ]
    if experiment.winner is not None:
        for comparison in comparisons:
            if comparison.get("variant") == experiment.winner:
                return comparison
    ranked = sorted(comparisons, key=lambda c: _number(c.get("adjusted_p_value")) or Decimal(1))
    return ranked[0] if ranked else None


def _row(experiment: Experiment) -> ReportRow:
    comparison = headline(experiment) or {}
    estimate = comparison.get("msprt") or {}
    arms = experiment.result.get("arms", ())
    exposed = sum(a.get("exposed", 0) for a in arms if isinstance(a, Mapping))
    figures: dict[str, Decimal | None] = {
        "concluded": Decimal(1),
        "with_winner": Decimal(experiment.winner is not None),
        "exposed": Decimal(exposed),
        "lift": _number(estimate.get("relative_effect")),
        "effect": _number(estimate.get("effect")),
        "ci_low": _number(estimate.get("ci_low")),
        "ci_high": _number(estimate.get("ci_high")),
        "p_value": _number(comparison.get("adjusted_p_value")),
    }
    reason = experiment.stopping_reason
    return ReportRow(
        labels={
            "experiment_id": str(experiment.id),
            "name": experiment.name,
            "stopping_reason": None if reason is None else reason.value,
            "winner": experiment.winner,
            "variant": comparison.get("variant"),
            "metric": experiment.primary_metric.name,
        },
        figures={name: Figure(value=figures[name]) for name in FIGURES},
    )


def _counts(experiments: list[Experiment]) -> dict[str, Decimal | None]:
    return {
        "concluded": Decimal(len(experiments)),
        "with_winner": Decimal(sum(e.winner is not None for e in experiments)),
    }


async def experiments_table(uow: UnitOfWork, scope: Scope, limit: int) -> Table:
    every = await concluded(uow, scope)
    now = sorted(
        (e for e in every if _in(e, scope, scope.period)),
        key=lambda e: (e.concluded_at, str(e.id)),
    )
    then = [e for e in every if _in(e, scope, scope.previous)]
    rows = [_row(e) for e in now]
    return table(
        DIMENSIONS,
        FIGURES,
        rows,
        compared(_counts(now), _counts(then), FIGURES),
        limit=limit,
        notes=[
            "lift is the relative effect on the primary metric against the control, with the "
            "always-valid (mSPRT) interval on the absolute effect; as concluded"
        ],
    )
