"""Contract of the SessionRevocations port, run against memory and real Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from tests.support.redis import redis_client

from umt.adapters.memory.session_revocations import InMemorySessionRevocations
from umt.adapters.redis.session_revocations import RedisSessionRevocations
from umt.ports.session_revocations import SessionRevocations

TTL_SECONDS = 1.0


@pytest.fixture(params=["memory", "redis"])
async def revocations(request: pytest.FixtureRequest) -> AsyncIterator[SessionRevocations]:
    if request.param == "memory":
        yield InMemorySessionRevocations(ttl_seconds=TTL_SECONDS)
        return
    client = await redis_client()
    try:
        yield RedisSessionRevocations(client, ttl_seconds=TTL_SECONDS)
    finally:
        await client.aclose()


def sid() -> str:
    return f"test-{uuid.uuid4().hex}"


class TestSessionRevocations:
    async def test_revoked_sessions_and_only_those(self, revocations: SessionRevocations) -> None:
        a, b, c = sid(), sid(), sid()
        assert not await revocations.is_revoked(a)
        await revocations.revoke([a, b])
        await revocations.revoke([a])  # idempotent
        await revocations.revoke([])  # nothing to revoke is fine
        assert await revocations.is_revoked(a)
        assert await revocations.is_revoked(b)
        assert not await revocations.is_revoked(c)

    async def test_entries_are_forgotten_after_the_access_token_lifetime(
        self, revocations: SessionRevocations
    ) -> None:
        """By then every access token of the session has expired anyway."""
        gone = sid()
        await revocations.revoke([gone])
        await asyncio.sleep(TTL_SECONDS / 2)
        assert await revocations.is_revoked(gone)
        await asyncio.sleep(TTL_SECONDS / 2 + 0.3)
        assert not await revocations.is_revoked(gone)


async def test_memory_revocations_sweep_what_expired() -> None:
    now = [0.0]
    revocations = InMemorySessionRevocations(ttl_seconds=10, clock=lambda: now[0])
    await revocations.revoke([f"s{i}" for i in range(100)])
    now[0] = 11.0
    await revocations.revoke(["fresh"])
    assert len(revocations._until) == 1  # the bound is the point of this test
