"""Rate limits in real Redis: one budget however many instances count it."""

from __future__ import annotations

import os

from tests.support.redis import redis_client

from umt.adapters.redis.rate_limiter import RedisRateLimiter


async def test_two_instances_share_one_budget() -> None:
    first = await redis_client()  # skips locally, fails under CI when Redis is down
    second = await redis_client()
    key = f"test:{os.urandom(4).hex()}"
    try:
        a, b = RedisRateLimiter(first), RedisRateLimiter(second)
        decisions = [
            await (a if n % 2 else b).hit(key, limit=4, period_seconds=60) for n in range(5)
        ]
        assert [d.allowed for d in decisions] == [True, True, True, True, False]
        assert [d.remaining for d in decisions[:4]] == [3, 2, 1, 0]
        assert 14 < decisions[4].retry_after_seconds <= 15  # one slot every 60/4 s
        ttl = await first.pttl(f"umt:rate:{key}")
        assert 0 < ttl <= 60_000  # the key expires once the bucket would be full again
        other = await a.hit(f"{key}-other", limit=4, period_seconds=60)
        assert other.allowed
        assert other.remaining == 3
    finally:
        await first.delete(f"umt:rate:{key}", f"umt:rate:{key}-other")
        await first.aclose()
        await second.aclose()
