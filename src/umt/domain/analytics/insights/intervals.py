"""Confidence intervals of the performers.

Rates (engagements per impression, clicks per impression, …) get the **Wilson score
interval**: closed form, it stays inside [0, 1], and its coverage stays near the nominal level
for the small counts and the rates near 0 that posts have (the normal "Wald" interval
collapses to a point at 0 successes and overshoots below 0), with no prior to choose, as a
beta posterior would need. Counts get the interval of a Poisson mean from the square-root
transform, ``(√x ∓ z/2)²``: closed form and close to the exact interval from about 5 on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959964  # the two-sided 95 % normal quantile


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def wilson(successes: float, trials: float, z: float = Z_95) -> Interval:
    """The Wilson score interval of ``successes`` in ``trials`` (trials > 0; successes are
    clamped to [0, trials], since platforms count a little differently per metric)."""
    if trials <= 0:
        raise ValueError("a rate needs trials")
    k = min(max(successes, 0.0), trials)
    p = k / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = (z / (1 + z2 / trials)) * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def poisson(count: float, z: float = Z_95) -> Interval:
    """The interval of a Poisson mean from one count (square-root transform)."""
    root = math.sqrt(max(count, 0.0))
    low = root - z / 2
    return Interval(low * low if low > 0 else 0.0, (root + z / 2) ** 2)
