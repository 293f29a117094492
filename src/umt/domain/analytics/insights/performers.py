"""Top and bottom performers among a brand's subjects over a range.

Each subject's value is its rate (pooled over the range: successes / trials) or its count.
The effect size is measured against the brand's **median** subject (robust to the one viral
post that would drag a mean): the lift ``value / median - 1`` and the difference
``value - median``; the brand's pooled rate (or mean count) is given beside it. Intervals are
Wilson's for rates and the square-root Poisson interval for counts (``intervals.py``). Ranking
is conservative: the top by the interval's lower bound, the bottom by its upper bound, so a
post with 3 clicks of 10 impressions does not outrank one with 300 of 2,000.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from umt.domain.analytics.insights.intervals import Interval, poisson, wilson
from umt.domain.analytics.insights.robust import median

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Candidate(Generic[K]):
    key: K  # the subject
    successes: float  # the count, or a rate's numerator
    trials: float | None  # a rate's denominator; None for a count


@dataclass(frozen=True, slots=True)
class Performer(Generic[K]):
    key: K
    value: float
    interval: Interval
    lift: float | None  # value / median - 1 (None when the median is 0)
    difference: float  # value - median
    clear: bool  # the interval excludes the median


@dataclass(frozen=True, slots=True)
class Ranking(Generic[K]):
    median: float
    mean: float  # the pooled rate, or the mean count
    subjects: int  # the subjects that qualified
    top: list[Performer[K]]
    bottom: list[Performer[K]]


def rank(candidates: Sequence[Candidate[K]], *, limit: int, min_trials: float) -> Ranking[K]:
    """The ``limit`` best and worst of the candidates (a rate's with at least ``min_trials``);
    a subject is never both: with fewer than 2·limit, the lists split them."""
    rated = [c for c in candidates if c.trials is None or c.trials >= max(min_trials, 1e-12)]
    if not rated:
        return Ranking(0.0, 0.0, 0, [], [])
    values = [_value(c) for c in rated]
    centre = median(values)
    if rated[0].trials is None:
        mean = math.fsum(values) / len(values)
    else:
        mean = math.fsum(c.successes for c in rated) / math.fsum(c.trials or 0 for c in rated)
    performers = [_performer(c, v, centre) for c, v in zip(rated, values, strict=True)]
    best = sorted(performers, key=lambda p: (-p.interval.low, -p.value, str(p.key)))
    top = best[: min(limit, (len(best) + 1) // 2)]
    chosen = {id(p) for p in top}
    rest = [p for p in performers if id(p) not in chosen]
    bottom = sorted(rest, key=lambda p: (p.interval.high, p.value, str(p.key)))[:limit]
    return Ranking(centre, mean, len(rated), top, bottom)


def _value(candidate: Candidate[K]) -> float:
    if candidate.trials is None:
        return candidate.successes
    return min(max(candidate.successes, 0.0), candidate.trials) / candidate.trials


def _performer(candidate: Candidate[K], value: float, centre: float) -> Performer[K]:
    interval = (
        poisson(candidate.successes)
        if candidate.trials is None
        else wilson(candidate.successes, candidate.trials)
    )
    return Performer(
        key=candidate.key,
        value=value,
        interval=interval,
        lift=value / centre - 1 if centre else None,
        difference=value - centre,
        clear=not interval.contains(centre),
    )
