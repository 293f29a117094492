"""The required sample size per arm: the power analysis of the primary metric.

Binary metrics: the two-proportion test of ``baseline`` against ``baseline x (1 + mde)``;
continuous metrics: the two-sample test of a mean shift ``mde`` with standard deviation
``std``. Both two-sided at ``alpha`` with ``power``, as the statistics engine computes them
(normal approximation). It is per arm and per comparison with control; the stopping rule's
no-difference horizon is this times ``max_sample_factor``.
"""

from __future__ import annotations

from umt.application.experiments import statistics as stats
from umt.domain.experiments.design import Metric, MinimumDetectableEffect
from umt.domain.experiments.errors import ExperimentInvalid


def required_sample_size(
    metric: Metric, mde: MinimumDetectableEffect, *, alpha: float, power: float
) -> int:
    try:
        if metric.kind.binary:
            if mde.baseline is None:
                raise ExperimentInvalid(
                    "a binary metric's effect is relative to a baseline rate", field="mde.baseline"
                )
            return stats.sample_size_proportions(
                baseline=mde.baseline, relative_mde=mde.value, alpha=alpha, power=power
            )
        if mde.std is None:
            raise ExperimentInvalid(
                "a continuous metric's effect needs the metric's standard deviation",
                field="mde.std",
            )
        return stats.sample_size_means(
            std=mde.std, absolute_mde=mde.value, alpha=alpha, power=power
        )
    except stats.StatisticsInputError as exc:
        raise ExperimentInvalid(str(exc), field="mde") from None
