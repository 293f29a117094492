"""Trend changes: the daily values of two adjacent windows of equal length compared by their
means, with Welch's t statistic (unequal variances) as the measure of how clear the shift is.

A change is reported when ``|t|`` reaches ``min_t`` (3 by default: with two weeks per window a
shift that size happens by chance about once in a hundred comparisons), the relative change of
the means reaches ``min_change`` and the larger mean reaches ``min_count`` per day. Two windows
without any spread (every day the same in each) give no t: their means either differ (a clear
step, reported on the floors alone) or not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendRules:
    window_days: int = 14
    min_t: float = 3.0
    min_change: float = 0.25
    min_count: float = 5.0  # per day, the larger of the two means

    def __post_init__(self) -> None:
        if not 3 <= self.window_days <= 90:
            raise ValueError("a trend window spans 3 to 90 days")
        if self.min_t <= 0 or self.min_change < 0 or self.min_count < 0:
            raise ValueError("min_t > 0, min_change >= 0, min_count >= 0")


@dataclass(frozen=True, slots=True)
class TrendVerdict:
    changed: bool
    reason: str  # "trend_change", "no_change", "below_t", "below_change", "below_count"
    before_mean: float
    after_mean: float
    t: float | None  # None: no spread in either window
    relative_change: float | None  # (after - before) / before; None when before is 0


def _mean_variance(values: Sequence[float]) -> tuple[float, float]:
    mean = math.fsum(values) / len(values)
    if len(values) < 2:
        return mean, 0.0
    return mean, math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)


def welch_t(before: Sequence[float], after: Sequence[float]) -> float | None:
    """(mean(after) - mean(before)) / √(s²_b/n_b + s²_a/n_a); None when both spreads are 0."""
    m1, v1 = _mean_variance(before)
    m2, v2 = _mean_variance(after)
    scale = v1 / len(before) + v2 / len(after)
    if scale <= 0:
        return None
    return (m2 - m1) / math.sqrt(scale)


def judge_trend(before: Sequence[float], after: Sequence[float], rules: TrendRules) -> TrendVerdict:
    """Whether the level moved from ``before`` (the earlier window) to ``after``."""
    if not before or not after:
        raise ValueError("two non-empty windows")
    m1, _ = _mean_variance(before)
    m2, _ = _mean_variance(after)
    t = welch_t(before, after)
    change = (m2 - m1) / abs(m1) if m1 else None

    def verdict(changed: bool, reason: str) -> TrendVerdict:
        return TrendVerdict(changed, reason, m1, m2, t, change)

    if m1 == m2:
        return verdict(False, "no_change")
    if max(abs(m1), abs(m2)) < rules.min_count:
        return verdict(False, "below_count")
    if change is not None and abs(change) < rules.min_change:
        return verdict(False, "below_change")
    if t is not None and abs(t) < rules.min_t:
        return verdict(False, "below_t")
    return verdict(True, "trend_change")
