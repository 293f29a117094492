"""Breakers of two instances sharing their open state through a real Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from redis.asyncio import Redis
from tests.support.redis import redis_client

from umt.adapters.resilience.breaker import CLOSED, OPEN, Breaker, BreakerConfig
from umt.adapters.resilience.shared_state import RedisBreakerState
from umt.ports.errors import DependencyUnavailable, StorageUnavailable

SHORT = BreakerConfig(failure_threshold=2, reset_seconds=0.5, sync_interval=0.05)
LONG = BreakerConfig(failure_threshold=2, reset_seconds=30, sync_interval=0.05)


@pytest.fixture
async def shared() -> AsyncIterator[RedisBreakerState]:
    client = await redis_client()
    prefix = f"umt:test:breaker:{uuid.uuid4().hex}:"  # others use this Redis concurrently
    try:
        yield RedisBreakerState(client, prefix=prefix)
    finally:
        await client.delete(f"{prefix}database", f"{prefix}redis")
        await client.aclose()


async def trip(breaker: Breaker) -> None:
    async def down() -> None:
        raise StorageUnavailable("down")

    for _ in range(breaker.config.failure_threshold):
        with pytest.raises(StorageUnavailable):
            await breaker.call(down)
    assert breaker.state == OPEN


def admitted(breaker: Breaker) -> bool:
    """Would a call go through now? (A successful no-op call, if so.)"""
    try:
        ticket = breaker.admit()
    except DependencyUnavailable:
        return False
    breaker.record(ticket, None)
    return True


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """``check`` turns true within a deadline generous for a loaded machine, yet well inside
    LONG's reset time: what holds by then did not wait for the breaker's own clock."""
    async with asyncio.timeout(LONG.reset_seconds / 2):
        while not await check():
            await asyncio.sleep(0.02)


async def test_an_instance_that_opens_its_breaker_opens_the_others(
    shared: RedisBreakerState,
) -> None:
    one = Breaker("database", LONG, shared=shared)
    two = Breaker("database", LONG, shared=shared)
    unrelated = Breaker("redis", LONG, shared=shared)
    started = asyncio.get_running_loop().time()
    await trip(one)

    async def two_refuses() -> bool:
        return not admitted(two)

    await eventually(two_refuses)  # without a single failure of its own
    assert two.state == OPEN
    # for the time one has left (less what this test took so far), not from scratch
    left = LONG.reset_seconds - (asyncio.get_running_loop().time() - started)
    assert left - 1 <= two.retry_after() <= LONG.reset_seconds
    assert admitted(unrelated)  # shared by name only
    remaining = await shared.open_remaining("database")
    assert remaining is not None
    left = LONG.reset_seconds - (asyncio.get_running_loop().time() - started)
    assert left - 1 < remaining <= LONG.reset_seconds
    await one.close()
    await two.close()


async def test_a_breaker_closed_elsewhere_lets_a_trial_through_before_its_own_reset_time(
    shared: RedisBreakerState,
) -> None:
    one = Breaker("database", SHORT, shared=shared)
    two = Breaker("database", LONG, shared=shared)
    await trip(two)  # open for 30 s here, and shared
    await trip(one)

    async def key_present() -> bool:
        return await shared.open_remaining("database") is not None

    await eventually(key_present)
    await asyncio.sleep(SHORT.reset_seconds)
    assert admitted(one)  # one's trial call succeeds: it closes, and says so in Redis
    assert one.state == CLOSED

    async def key_gone() -> bool:
        return await shared.open_remaining("database") is None

    await eventually(key_gone)

    async def two_tries_again() -> bool:
        return admitted(two)

    await eventually(two_tries_again)  # long before its own 30 s are over
    assert two.state == CLOSED  # the trial succeeded
    await one.close()
    await two.close()


async def test_without_redis_a_breaker_works_alone() -> None:
    client = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    breaker = Breaker("database", SHORT, shared=RedisBreakerState(client))
    await trip(breaker)
    with pytest.raises(DependencyUnavailable):
        breaker.admit()
    await asyncio.sleep(0.1)  # the failed shared-state sync must not close it
    assert breaker.state == OPEN
    await asyncio.sleep(SHORT.reset_seconds)
    assert admitted(breaker)
    assert breaker.state == CLOSED
    await breaker.close()
    await client.aclose()
