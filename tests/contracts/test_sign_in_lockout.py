"""Contract of the SignInLockout port, run against process memory and real Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from tests.support.redis import redis_client

from umt.adapters.memory.sign_in_lockout import InMemorySignInLockout
from umt.adapters.redis.sign_in_lockout import PREFIX, RedisSignInLockout
from umt.ports.sign_in_lockout import LockoutPolicy, SignInLockout

# Locks long enough, and a window far longer than any test, that a stalled test process (a
# loaded CI machine) cannot see a lock or the failure count run out before it looks.
POLICY = LockoutPolicy(threshold=3, base_seconds=1.0, max_seconds=4.0, window_seconds=600.0)


@pytest.fixture(params=["memory", "redis"])
async def lockout(request: pytest.FixtureRequest) -> AsyncIterator[SignInLockout]:
    if request.param == "memory":
        yield InMemorySignInLockout(POLICY)
        return
    client = await redis_client()
    try:
        yield RedisSignInLockout(client, POLICY)
    finally:
        # this process's keys only: another test process may be using its own right now
        keys = [k async for k in client.scan_iter(match=f"{PREFIX}test:{PROCESS}:*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


PROCESS = uuid.uuid4().hex[:12]  # the keys of this test process (its tests run one at a time)


def key() -> str:
    return f"test:{PROCESS}:{uuid.uuid4().hex}"


class TestSignInLockout:
    async def test_failures_below_the_threshold_lock_nothing(self, lockout: SignInLockout) -> None:
        k = key()
        assert await lockout.locked_for(k) == 0
        assert [await lockout.record_failure(k) for _ in range(2)] == [0, 0]
        assert await lockout.locked_for(k) == 0

    async def test_the_lock_doubles_up_to_the_max(self, lockout: SignInLockout) -> None:
        k = key()
        locks = [await lockout.record_failure(k) for _ in range(7)]
        assert locks == pytest.approx([0, 0, 1.0, 2.0, 4.0, 4.0, 4.0])
        assert 2.0 < await lockout.locked_for(k) <= 4.0

    async def test_a_lock_ends_by_itself(self, lockout: SignInLockout) -> None:
        k = key()
        for _ in range(3):
            await lockout.record_failure(k)
        assert 0 < await lockout.locked_for(k) <= 1.0
        await asyncio.sleep(1.05)
        assert await lockout.locked_for(k) == 0
        # the failures are still remembered within the window: the next one locks longer
        assert await lockout.record_failure(k) == pytest.approx(2.0)

    async def test_reset_forgets_the_failures(self, lockout: SignInLockout) -> None:
        k = key()
        for _ in range(4):
            await lockout.record_failure(k)
        await lockout.reset(k)
        assert await lockout.locked_for(k) == 0
        assert await lockout.record_failure(k) == 0

    async def test_keys_are_independent(self, lockout: SignInLockout) -> None:
        a, b = key(), key()
        for _ in range(3):
            await lockout.record_failure(a)
        assert await lockout.locked_for(a) > 0
        assert await lockout.locked_for(b) == 0
        await lockout.reset(b)  # resetting an unknown key is fine
        assert await lockout.locked_for(a) > 0
