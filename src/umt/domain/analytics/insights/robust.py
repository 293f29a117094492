"""The robust anomaly score: the modified z-score of Iglewicz and Hoaglin,
``0.6745 · (x - median) / MAD``, of a value against its history.

0.6745 is the 0.75 quantile of the standard normal: for normal data the MAD times 1/0.6745
estimates the standard deviation, so the score reads like a z-score while one wild value of
the history cannot move it. When more than half the history is one value the MAD is 0: the
score then falls back to the mean absolute deviation (scaled by 1.253314 = √(π/2), its ratio
to the standard deviation for normal data), and when that is 0 too (the history is constant)
no score exists; ``judge_anomaly`` then decides on the floors alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

MAD_FACTOR = 0.6745
MEAN_AD_FACTOR = 1.253314  # sigma ≈ 1.253314 · mean absolute deviation (normal data)


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    BOTH = "both"


class ScoreMethod(StrEnum):
    MAD = "mad"
    MEAN_ABSOLUTE_DEVIATION = "mean_absolute_deviation"  # the MAD was 0
    CONSTANT_HISTORY = "constant_history"  # every value of the history was the same


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("the median of nothing")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mad(values: Sequence[float]) -> float:
    """The median absolute deviation from the median (unscaled)."""
    centre = median(values)
    return median([abs(v - centre) for v in values])


@dataclass(frozen=True, slots=True)
class RobustScore:
    z: float | None  # None: a constant history (no spread to measure against)
    median: float
    spread: float  # the MAD, or the mean absolute deviation it fell back to
    method: ScoreMethod


def robust_z(value: float, history: Sequence[float]) -> RobustScore:
    """The modified z-score of ``value`` against ``history`` (at least one value)."""
    centre = median(history)
    spread = mad(history)
    if spread > 0:
        return RobustScore(MAD_FACTOR * (value - centre) / spread, centre, spread, ScoreMethod.MAD)
    mean_ad = math.fsum(abs(v - centre) for v in history) / len(history)
    if mean_ad > 0:
        z = (value - centre) / (MEAN_AD_FACTOR * mean_ad)
        return RobustScore(z, centre, mean_ad, ScoreMethod.MEAN_ABSOLUTE_DEVIATION)
    return RobustScore(None, centre, 0.0, ScoreMethod.CONSTANT_HISTORY)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnomalyRules:
    """When a score is an anomaly. ``min_count``: the larger of the value and the median
    must reach it (a move from 2 to 9 is noise); ``min_change``: |x - median| / median must
    reach it (a median of 0 passes when x is not 0)."""

    threshold: float = 3.5  # |z| at least this (Iglewicz and Hoaglin's recommendation)
    min_history: int = 4  # history values needed (of the same weekdays looked at)
    min_count: float = 20.0
    min_change: float = 0.5
    direction: Direction = Direction.BOTH

    def __post_init__(self) -> None:
        if self.threshold <= 0 or self.min_history < 2 or self.min_count < 0:
            raise ValueError("threshold > 0, min_history >= 2 and min_count >= 0")
        if self.min_change < 0:
            raise ValueError("min_change >= 0")


@dataclass(frozen=True, slots=True)
class AnomalyVerdict:
    anomalous: bool
    reason: str  # why (not): "anomaly", "short_history", "below_count", ...
    score: RobustScore | None
    relative_change: float | None  # (x - median) / median; None when the median is 0


def judge_anomaly(value: float, history: Sequence[float], rules: AnomalyRules) -> AnomalyVerdict:
    """Whether ``value`` is an anomaly against ``history`` under ``rules``."""
    if len(history) < rules.min_history:
        return AnomalyVerdict(False, "short_history", None, None)
    score = robust_z(value, history)
    centre = score.median
    change = (value - centre) / abs(centre) if centre else None
    if value == centre:
        return AnomalyVerdict(False, "no_change", score, change)
    up = value > centre
    if (rules.direction is Direction.UP and not up) or (rules.direction is Direction.DOWN and up):
        return AnomalyVerdict(False, "other_direction", score, change)
    if max(abs(value), abs(centre)) < rules.min_count:
        return AnomalyVerdict(False, "below_count", score, change)
    if change is not None and abs(change) < rules.min_change:
        return AnomalyVerdict(False, "below_change", score, change)
    if score.z is not None and abs(score.z) < rules.threshold:
        return AnomalyVerdict(False, "below_threshold", score, change)
    # a constant history that the value left, past both floors, is an anomaly without a score
    return AnomalyVerdict(True, "anomaly", score, change)
