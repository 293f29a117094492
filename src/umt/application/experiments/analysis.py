"""The analysis of an experiment from its per-arm totals, and the stopping rule.

Pure computation (numpy/scipy through the statistics engine), no I/O: ``analyze`` takes the
experiment and the ``ArmTotals`` the database aggregated and returns an ``Analysis``.

Hypothesis tests, per variant against control:

- the SRM gate: a chi-square test of exposed units against the traffic weights; a mismatch
  (p < 0.001) blocks every conclusion, because broken assignment biases every estimate;
- the primary metric by mSPRT (always valid, the decision method), with the fixed-horizon
  z-test (binary) or Welch's t-test (continuous) and, for binary metrics, the Bayesian
  beta-binomial reported alongside; continuous metrics use CUPED when every exposed unit
  carries a pre-period covariate;
- the guardrails by mSPRT: a guardrail fails when the always-valid interval lies entirely
  beyond ``tolerance`` on the bad side (the variant is significantly worse by more than it);
- Benjamini-Hochberg over the mSPRT p-values of every (variant, metric) pair.

The stopping rule (primary metrics are "higher is better"): a winner is a variant whose
primary effect is positive and significant after BH, with no failed guardrail (the largest
effect among several); failing that, any failed guardrail concludes guardrail_failed; failing
that, when every arm has reached ``max_sample_size`` exposed units, no_difference. Otherwise
the experiment continues.

Optimize mode reports no p-values and never concludes: its result is the Thompson-sampling
allocation over the primary metric.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from umt.application.experiments import statistics as stats
from umt.domain.experiments.design import Direction, ExperimentMode, Metric
from umt.domain.experiments.experiment import Experiment, StoppingReason
from umt.ports.experiment_metrics_reader import ArmTotals

THOMPSON_FLOOR = 0.01  # every arm keeps at least 1 % of the traffic: the bandit keeps learning
THOMPSON_DRAWS = 20_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ArmSummary:
    arm: str
    weight: float
    exposed: int
    converted: int  # primary metric (binary: units converted; continuous: units with a value)
    mean: float  # the primary metric's rate or mean per exposed unit


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """One variant against control on one metric."""

    variant: str
    metric: str
    role: str  # "primary" or "guardrail"
    msprt: stats.Estimate
    fixed_horizon: stats.Estimate
    bayesian: stats.BayesianEstimate | None = None
    cuped: bool = False
    adjusted_p_value: float = 1.0  # Benjamini-Hochberg over every comparison
    significant: bool = False  # after Benjamini-Hochberg
    guardrail_failed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    mode: ExperimentMode
    arms: list[ArmSummary]
    required_sample_size: int
    max_sample_size: int
    srm: stats.SrmCheck | None = None
    comparisons: list[Comparison] = field(default_factory=list)
    decision: str = "continue"  # continue | srm_detected | a StoppingReason value
    winner: str | None = None
    allocation: list[float] | None = None  # optimize mode: the bandit's new weights

    @property
    def stopping_reason(self) -> StoppingReason | None:
        """The reason to conclude now, or None to keep running."""
        if self.mode is ExperimentMode.OPTIMIZE or self.decision in ("continue", "srm_detected"):
            return None
        return StoppingReason(self.decision)

    def as_data(self) -> dict[str, Any]:
        """JSON-ready (non-finite numbers, such as an interval without data, become None)."""
        data: dict[str, Any] = _finite(asdict(self))
        return data


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum
        return value.value
    return value


def analyze(experiment: Experiment, totals: list[ArmTotals]) -> Analysis:
    by_arm = {t.arm: t for t in totals}
    arm_totals = [by_arm.get(arm.name, ArmTotals(arm=arm.name)) for arm in experiment.arms]
    primary = experiment.primary_metric
    summaries = [
        ArmSummary(
            arm=arm.name,
            weight=arm.weight,
            exposed=t.exposed,
            converted=t.metric(primary.name).converted,
            mean=_mean(t, primary),
        )
        for arm, t in zip(experiment.arms, arm_totals, strict=True)
    ]
    if experiment.mode is ExperimentMode.OPTIMIZE:
        return Analysis(
            mode=experiment.mode,
            arms=summaries,
            required_sample_size=experiment.required_sample_size,
            max_sample_size=experiment.max_sample_size,
            allocation=_thompson(experiment, arm_totals),
        )
    srm = None
    if all(t.exposed for t in arm_totals):
        srm = stats.sample_ratio_mismatch([t.exposed for t in arm_totals], experiment.weights)
    comparisons = _adjusted(_comparisons(experiment, arm_totals))
    decision, winner = _decide(experiment, arm_totals, srm, comparisons)
    return Analysis(
        mode=experiment.mode,
        arms=summaries,
        required_sample_size=experiment.required_sample_size,
        max_sample_size=experiment.max_sample_size,
        srm=srm,
        comparisons=comparisons,
        decision=decision,
        winner=winner,
    )


def _mean(t: ArmTotals, metric: Metric) -> float:
    """The metric per exposed unit: a conversion rate (binary) or a mean value (continuous)."""
    if not t.exposed:
        return 0.0
    m = t.metric(metric.name)
    return (m.converted if metric.kind.binary else m.total) / t.exposed


def _thompson(experiment: Experiment, totals: list[ArmTotals]) -> list[float]:
    arms = [_binary(t, experiment.primary_metric) for t in totals]
    weights = stats.thompson_allocation(arms, draws=THOMPSON_DRAWS, floor=THOMPSON_FLOOR)
    # weights stay positive (the domain's invariant) even if the engine rounds one to zero
    return [max(float(w), 1e-6) for w in weights]


def _binary(t: ArmTotals, metric: Metric) -> stats.BinaryArm:
    return stats.BinaryArm(name=t.arm, trials=t.exposed, successes=t.metric(metric.name).converted)


def _continuous(t: ArmTotals, metric: Metric, *, with_covariate: bool) -> stats.ContinuousArm:
    m = t.metric(metric.name)
    covariate = (
        stats.Covariate(
            total=t.covariate_total, total_sq=t.covariate_total_sq, total_cross=m.total_cross
        )
        if with_covariate
        else None
    )
    return stats.ContinuousArm(
        name=t.arm, n=t.exposed, total=m.total, total_sq=m.total_sq, covariate=covariate
    )


def _comparisons(experiment: Experiment, totals: list[ArmTotals]) -> list[Comparison]:
    metrics = [(experiment.primary_metric, "primary")] + [
        (g.metric, "guardrail") for g in experiment.guardrails
    ]
    found: list[Comparison] = []
    for metric, role in metrics:
        if metric.kind.binary:
            found.extend(_binary_comparisons(experiment, totals, metric, role))
        else:
            found.extend(_continuous_comparisons(experiment, totals, metric, role))
    return found


def _binary_comparisons(
    experiment: Experiment, totals: list[ArmTotals], metric: Metric, role: str
) -> list[Comparison]:
    alpha = experiment.alpha
    control, *variants = [_binary(t, metric) for t in totals]
    return [
        Comparison(
            variant=variant.name,
            metric=metric.name,
            role=role,
            msprt=stats.msprt_proportions(control, variant, alpha=alpha),
            fixed_horizon=stats.two_proportion_z_test(control, variant, alpha=alpha),
            bayesian=stats.beta_binomial(control, variant),
        )
        for variant in variants
    ]


def _continuous_comparisons(
    experiment: Experiment, totals: list[ArmTotals], metric: Metric, role: str
) -> list[Comparison]:
    alpha = experiment.alpha
    # CUPED only when every exposed unit of every arm has its pre-period covariate
    cuped = all(t.exposed and t.covariate_units == t.exposed for t in totals)
    arms = [_continuous(t, metric, with_covariate=cuped) for t in totals]
    if cuped:
        arms = stats.cuped(arms)
    control, *variants = arms
    return [
        Comparison(
            variant=variant.name,
            metric=metric.name,
            role=role,
            msprt=stats.msprt_means(control, variant, alpha=alpha),
            fixed_horizon=stats.welch_t_test(control, variant, alpha=alpha),
            cuped=cuped,
        )
        for variant in variants
    ]


def _adjusted(comparisons: list[Comparison]) -> list[Comparison]:
    if not comparisons:
        return comparisons
    adjusted, rejected = stats.benjamini_hochberg([c.msprt.p_value for c in comparisons])
    return [
        _with(c, adjusted_p_value=float(p), significant=bool(r))
        for c, p, r in zip(comparisons, adjusted, rejected, strict=True)
    ]


def _with(comparison: Comparison, **changes: Any) -> Comparison:
    data = {f: getattr(comparison, f) for f in Comparison.__dataclass_fields__}
    data.update(changes)
    return Comparison(**data)


def _decide(
    experiment: Experiment,
    totals: list[ArmTotals],
    srm: stats.SrmCheck | None,
    comparisons: list[Comparison],
) -> tuple[str, str | None]:
    if srm is not None and srm.mismatch:
        return "srm_detected", None
    directions = {g.metric.name: g for g in experiment.guardrails}
    failed: set[str] = set()
    for i, c in enumerate(comparisons):
        if c.role != "guardrail":
            continue
        guardrail = directions[c.metric]
        worse = (
            c.msprt.ci_high < -guardrail.tolerance
            if guardrail.direction is Direction.HIGHER_IS_BETTER
            else c.msprt.ci_low > guardrail.tolerance
        )
        if worse:
            failed.add(c.variant)
            comparisons[i] = _with(c, guardrail_failed=True)
    winners = [
        c
        for c in comparisons
        if c.role == "primary" and c.significant and c.msprt.effect > 0 and c.variant not in failed
    ]
    if winners:
        return StoppingReason.WINNER_FOUND.value, max(winners, key=lambda c: c.msprt.effect).variant
    if failed:
        return StoppingReason.GUARDRAIL_FAILED.value, None
    if all(t.exposed >= experiment.max_sample_size for t in totals):
        return StoppingReason.NO_DIFFERENCE.value, None
    return "continue", None
