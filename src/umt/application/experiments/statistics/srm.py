"""Sample ratio mismatch: a chi-square goodness-of-fit gate on the assignment counts
(Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD
2019; Kohavi, Tang & Xu 2020, ch. 21).

With ``o_i`` the units observed in arm ``i``, ``N = Σ o_i`` and the planned weights
``w_i``, the expected counts are ``e_i = N·w_i/Σw`` and

    χ² = Σ (o_i - e_i)² / e_i,    p = P(χ²_{k-1} ≥ χ²)

A small p-value (below ``threshold``, 0.001 by default: the gate must almost never fire on a
healthy experiment, and real assignment bugs give far smaller p-values) means the assignment
or the logging is broken and no conclusion should be drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

from umt.application.experiments.statistics.errors import (
    StatisticsInputError,
    require_probability,
)

_MIN_ARMS = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class SrmCheck:
    """The chi-square statistic, its p-value and whether it is below the threshold."""

    chi_square: float
    p_value: float
    mismatch: bool


def sample_ratio_mismatch(
    observed: Sequence[int], weights: Sequence[float], *, threshold: float = 0.001
) -> SrmCheck:
    """Chi-square goodness of fit of ``observed`` counts against the planned ``weights``."""
    require_probability(threshold, "threshold")
    if len(observed) != len(weights):
        raise StatisticsInputError("one weight per observed count", field="weights")
    if len(observed) < _MIN_ARMS:
        raise StatisticsInputError("at least two arms are needed", field="observed")
    if any(count < 0 for count in observed):
        raise StatisticsInputError("counts cannot be negative", field="observed")
    if any(not (math.isfinite(w) and w > 0.0) for w in weights):
        raise StatisticsInputError("weights must be finite and positive", field="weights")
    total = sum(observed)
    if total == 0:
        return SrmCheck(chi_square=0.0, p_value=1.0, mismatch=False)
    weight_sum = math.fsum(weights)
    chi_square = 0.0
    for count, weight in zip(observed, weights, strict=True):
        expected = total * weight / weight_sum
        chi_square += (count - expected) ** 2 / expected
    p_value = min(1.0, max(0.0, float(stats.chi2.sf(chi_square, len(observed) - 1))))
    return SrmCheck(chi_square=chi_square, p_value=p_value, mismatch=p_value < threshold)
