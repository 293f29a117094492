"""The rule-based models: each converting path's conversion (and value) split over its
touchpoints by fixed weights. Paths that did not convert earn nothing here.

- first touch: all of it to the first touchpoint; last touch: to the last one;
- linear: equal parts to every touchpoint (a channel touched twice gets two parts);
- position-based (40/20/40): 40% to the first, 40% to the last, the remaining 20% in equal
  parts to the ones between. A single touchpoint gets 100%; two touchpoints get 50% each
  (there is no middle to give the 20% to, so first and last share it equally);
- time decay: weights halving every ``half_life`` before the conversion,
  ``w = 2 ** (-(converted_at - touched_at) / half_life)``, normalised to add up to 1 (the
  default half-life is 7 days).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from umt.domain.attribution.journeys import Credit, Credits, Journey, add, sorted_credits
from umt.domain.shared.errors import InvalidValue

FIRST_SHARE = 0.4  # position-based: the first and the last touchpoint's share each
DEFAULT_HALF_LIFE = timedelta(days=7)
Weights = Callable[[Journey], list[float]]


def first_touch_weights(journey: Journey) -> list[float]:
    return [1.0] + [0.0] * (len(journey.steps) - 1)


def last_touch_weights(journey: Journey) -> list[float]:
    return [0.0] * (len(journey.steps) - 1) + [1.0]


def linear_weights(journey: Journey) -> list[float]:
    n = len(journey.steps)
    return [1.0 / n] * n


def position_weights(journey: Journey) -> list[float]:
    n = len(journey.steps)
    if n == 1:
        return [1.0]
    if n == 2:
        return [0.5, 0.5]
    middle = (1.0 - 2 * FIRST_SHARE) / (n - 2)
    return [FIRST_SHARE] + [middle] * (n - 2) + [FIRST_SHARE]


def time_decay_weights(half_life: timedelta) -> Weights:
    if half_life <= timedelta(0):
        raise InvalidValue("the half-life is longer than zero", field="half_life_hours")
    seconds = half_life.total_seconds()

    def weights(journey: Journey) -> list[float]:
        # measured from the last touchpoint: the factor 2^-((converted_at - last) / half_life)
        # common to every weight cancels in the normalisation, and the last weight is 1, so
        # the sum never underflows however long after the last touch the conversion came
        last = journey.times[-1]
        raw = [2.0 ** (-(last - at).total_seconds() / seconds) for at in journey.times]
        total = sum(raw)
        return [w / total for w in raw]

    return weights


def split(journeys: Iterable[Journey], weights: Weights) -> Credits:
    """Each converting journey's conversion and value shared out by ``weights``."""
    shares: Credits = {}
    for journey in journeys:
        if not journey.converted:
            continue
        for step, weight in zip(journey.steps, weights(journey), strict=True):
            if weight:
                add(shares, step, Credit(weight, weight * journey.value))
    return sorted_credits(shares)
