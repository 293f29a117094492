"""Benjamini-Hochberg control of the false discovery rate across variants and metrics
(Benjamini & Hochberg, JRSS B 57(1), 1995; statsmodels ``multipletests(method="fdr_bh")``).

With the ``m`` p-values sorted ascending, ``p_(1) ≤ … ≤ p_(m)``, the adjusted p-values are

    p̃_(i) = min_{j ≥ i} min(1, m·p_(j) / j)

(the step-up rule as adjusted p-values), returned in the input order; a hypothesis is
rejected at level ``q`` when ``p̃ ≤ q``, which is exactly the step-up procedure: reject the
``k`` smallest where ``k = max{i : p_(i) ≤ i·q/m}``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from umt.application.experiments.statistics.errors import (
    StatisticsInputError,
    require_probability,
)


def benjamini_hochberg(
    p_values: Sequence[float], *, q: float = 0.05
) -> tuple[list[float], list[bool]]:
    """BH-adjusted p-values (same order as given) and the rejections at FDR level ``q``."""
    require_probability(q, "q")
    if any(not (math.isfinite(p) and 0.0 <= p <= 1.0) for p in p_values):
        raise StatisticsInputError("p-values must lie in [0, 1]", field="p_values")
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, m * p_values[index] / rank)
        adjusted[index] = running
    return adjusted, [value <= q for value in adjusted]
