"""GCRA rate limiting in process memory: the embedded default (one instance)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from umt.ports.rate_limiter import RateDecision, RateLimiter

ROUNDING = 1e-9  # of an interval


def gcra(
    stored_tat: float | None, now: float, *, limit: int, period: float
) -> tuple[RateDecision, float | None]:
    """One GCRA step: the decision and the new theoretical arrival time (None: unchanged)."""
    interval = period / limit
    tat = max(stored_tat or now, now)
    new_tat = tat + interval
    # tat - (period - interval), not new_tat - period: equal in exact arithmetic, but with one
    # request per period the latter can round above ``now`` and refuse a fresh key's first one
    allow_at = tat - (period - interval)
    if now < allow_at:
        reset = tat - now
        return RateDecision(False, limit, 0, reset, allow_at - now), None
    reset = new_tat - now
    # reset is a difference of clock readings: rounding may leave it a hair above a whole
    # number of intervals, which must not cost a request of the remaining count
    remaining = max(0, math.floor((period - reset) / interval + ROUNDING))
    return RateDecision(True, limit, remaining, reset, 0.0), new_tat


class InMemoryRateLimiter(RateLimiter):
    def __init__(self, *, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self._clock = clock
        self._max_keys = max_keys
        self._tats: dict[str, float] = {}

    async def hit(self, key: str, *, limit: int, period_seconds: float) -> RateDecision:
        now = self._clock()
        decision, new_tat = gcra(self._tats.get(key), now, limit=limit, period=period_seconds)
        if new_tat is not None:
            if len(self._tats) >= self._max_keys:
                self._forget_idle(now)
            self._tats[key] = new_tat
        return decision

    def _forget_idle(self, now: float) -> None:
        """Keys whose bucket has refilled hold no information: drop them."""
        for key in [k for k, tat in self._tats.items() if tat <= now]:
            del self._tats[key]
        while len(self._tats) >= self._max_keys:  # all busy: the oldest go
            del self._tats[next(iter(self._tats))]
