"""The rate limiter behind the Redis breaker.

Every API request counts against a limit: while Redis is down, the open breaker refuses at
once (``DependencyUnavailable``, a StorageUnavailable) and the middleware lets the request
through, instead of each request paying the Redis client's reconnect attempts first.
A hit is not retried: counting twice would spend the caller's budget twice.
"""

from __future__ import annotations

from umt.adapters.resilience.breaker import Breaker
from umt.ports.rate_limiter import RateDecision, RateLimiter


class ResilientRateLimiter(RateLimiter):
    def __init__(self, inner: RateLimiter, breaker: Breaker) -> None:
        self._inner = inner
        self._breaker = breaker

    async def hit(self, key: str, *, limit: int, period_seconds: float) -> RateDecision:
        return await self._breaker.call(
            lambda: self._inner.hit(key, limit=limit, period_seconds=period_seconds)
        )
