"""Thompson sampling allocation for the "optimize" mode (Thompson 1933; Chapelle & Li,
"An Empirical Evaluation of Thompson Sampling", NeurIPS 2011; Scott 2010, "A modern
Bayesian look at the multi-armed bandit").

Each arm's rate has the posterior ``Beta(1 + successes, 1 + failures)``. Its allocation
weight is the posterior probability that it is the best arm,

    w_i = P(p_i = max_j p_j | data) ≈ (1/D)·#{d : argmax_j p_j^(d) = i}

estimated from ``D`` joint draws of a seeded generator (deterministic for a seed). A floor
keeps every arm exploring: ``w'_i = floor + (1 - k·floor)·w_i`` (requires
``k·floor ≤ 1``); the weights still sum to 1. This is an allocation rule, kept apart from
the hypothesis tests: adaptive allocation biases the naive estimates those tests assume.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from umt.application.experiments.statistics.arms import BinaryArm
from umt.application.experiments.statistics.errors import StatisticsInputError

_CHUNK = 50_000


def thompson_allocation(
    arms: Sequence[BinaryArm], *, draws: int = 20_000, seed: int = 0, floor: float = 0.0
) -> list[float]:
    """Allocation weights (summing to 1): each arm's Monte Carlo probability of being best,
    lifted to at least ``floor``."""
    k = len(arms)
    if k == 0:
        raise StatisticsInputError("at least one arm is needed", field="arms")
    if draws < 1:
        raise StatisticsInputError("draws must be at least 1", field="draws")
    if not (math.isfinite(floor) and 0.0 <= floor <= 1.0 / k):
        raise StatisticsInputError("floor must lie in [0, 1/number of arms]", field="floor")
    rng = np.random.default_rng(seed)
    alpha = np.array([1.0 + arm.successes for arm in arms])
    beta = np.array([1.0 + arm.failures for arm in arms])
    wins = np.zeros(k, dtype=np.int64)
    remaining = draws
    while remaining > 0:
        size = min(remaining, _CHUNK)
        samples = rng.beta(alpha, beta, size=(size, k))
        wins += np.bincount(np.argmax(samples, axis=1), minlength=k)
        remaining -= size
    share = wins / draws
    weights = floor + (1.0 - k * floor) * share
    weights = weights / weights.sum()
    return [float(w) for w in weights]
