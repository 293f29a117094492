"""Contract of the RateLimiter port (GCRA), run against memory and real Redis.

Every limit here has a period of an hour, so no bucket refills noticeably while a test runs:
the assertions hold however slow the machine is.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from tests.support.redis import redis_client

from umt.adapters.memory.rate_limiter import InMemoryRateLimiter
from umt.adapters.redis.rate_limiter import PREFIX, RedisRateLimiter
from umt.ports.rate_limiter import RateLimiter

HOUR = 3600.0
MS = 0.001  # Redis answers in whole milliseconds


@pytest.fixture(params=["memory", "redis"])
async def limits(request: pytest.FixtureRequest) -> AsyncIterator[tuple[RateLimiter, str]]:
    """A limiter and a key prefix of this test's own (its Redis keys are deleted after)."""
    prefix = f"test-{uuid.uuid4().hex}:"
    if request.param == "memory":
        yield InMemoryRateLimiter(), prefix
        return
    client = await redis_client()
    try:
        yield RedisRateLimiter(client), prefix
    finally:
        keys = [key async for key in client.scan_iter(match=f"{PREFIX}{prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


class TestRateLimiter:
    async def test_a_burst_of_the_limit_is_allowed_then_refused(
        self, limits: tuple[RateLimiter, str]
    ) -> None:
        limiter, prefix = limits
        key = prefix + "burst"

        decisions = [await limiter.hit(key, limit=4, period_seconds=HOUR) for _ in range(5)]

        assert [d.allowed for d in decisions] == [True, True, True, True, False]
        assert [d.remaining for d in decisions] == [3, 2, 1, 0, 0]
        assert {d.limit for d in decisions} == {4}
        assert [d.retry_after_seconds for d in decisions[:4]] == [0.0] * 4
        refused = decisions[4]
        interval = HOUR / 4  # one request comes back every period / limit
        assert 0 < refused.retry_after_seconds <= interval + MS
        assert interval * 3 < refused.reset_seconds <= HOUR + MS

    async def test_the_first_request_resets_after_one_interval(
        self, limits: tuple[RateLimiter, str]
    ) -> None:
        limiter, prefix = limits

        decision = await limiter.hit(prefix + "first", limit=10, period_seconds=HOUR)

        assert decision.allowed
        assert decision.remaining == 9
        assert abs(decision.reset_seconds - HOUR / 10) <= MS

    async def test_a_refused_request_counts_nothing(self, limits: tuple[RateLimiter, str]) -> None:
        limiter, prefix = limits
        key = prefix + "refused"
        await limiter.hit(key, limit=1, period_seconds=HOUR)

        first = await limiter.hit(key, limit=1, period_seconds=HOUR)
        second = await limiter.hit(key, limit=1, period_seconds=HOUR)

        assert not first.allowed
        assert not second.allowed
        # had the first refusal counted, the wait would have grown by a whole hour
        assert second.retry_after_seconds <= first.retry_after_seconds
        assert second.reset_seconds <= first.reset_seconds

    async def test_keys_have_budgets_of_their_own(self, limits: tuple[RateLimiter, str]) -> None:
        limiter, prefix = limits
        await limiter.hit(prefix + "spent", limit=1, period_seconds=HOUR)

        spent = await limiter.hit(prefix + "spent", limit=1, period_seconds=HOUR)
        other = await limiter.hit(prefix + "other", limit=1, period_seconds=HOUR)

        assert not spent.allowed
        assert other.allowed
        assert other.remaining == 0


@pytest.mark.parametrize("reading", [1000.1, 3020.5880877891555, 261242.83329510535])
async def test_one_request_per_period_is_allowed_whatever_the_clock_reads(
    reading: float,
) -> None:
    """At these readings (now + period) - period rounds above now: a fresh key's first request
    must still go through."""
    limiter = InMemoryRateLimiter(clock=lambda: reading)

    first = await limiter.hit("key", limit=1, period_seconds=HOUR)
    second = await limiter.hit("key", limit=1, period_seconds=HOUR)

    assert first.allowed
    assert not second.allowed
    assert second.retry_after_seconds == pytest.approx(HOUR)


@pytest.mark.parametrize("reading", [130201.53534647937, 3631.626946558053, 32630.316742207066])
async def test_the_remaining_count_is_exact_whatever_the_clock_reads(reading: float) -> None:
    """At these readings (now + interval) - now rounds below the interval."""
    limiter = InMemoryRateLimiter(clock=lambda: reading)

    decisions = [await limiter.hit("key", limit=4, period_seconds=HOUR) for _ in range(4)]

    assert [d.remaining for d in decisions] == [3, 2, 1, 0]
