"""The sign-in guard fails open: a lockout store that is down lets sign-ins through, logged."""

from __future__ import annotations

import socket

import pytest
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from umt.adapters.memory.sign_in_lockout import InMemorySignInLockout
from umt.adapters.redis.sign_in_lockout import RedisSignInLockout
from umt.application.identity.lockout import SignInGuard, lockout_key
from umt.domain.identity.errors import SignInLocked
from umt.ports.sign_in_lockout import LockoutPolicy


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


async def test_a_down_redis_lets_sign_ins_through(caplog: pytest.LogCaptureFixture) -> None:
    client = Redis(
        host="127.0.0.1",
        port=closed_port(),
        socket_connect_timeout=0.5,
        retry=Retry(NoBackoff(), 0),
    )
    guard = SignInGuard(RedisSignInLockout(client, LockoutPolicy(threshold=1)), "a@b.example")
    try:
        with caplog.at_level("WARNING", logger="umt.identity"):
            await guard.check()
            await guard.failed()
            await guard.check()
            await guard.succeeded()
    finally:
        await client.aclose()
    assert sum("lockout unavailable" in r.getMessage() for r in caplog.records) == 4
    assert all("a@b.example" not in r.getMessage() for r in caplog.records)


async def test_the_guard_locks_after_the_threshold() -> None:
    guard = SignInGuard(InMemorySignInLockout(LockoutPolicy(threshold=2)), "Ana@Example.com")
    await guard.failed()
    await guard.check()
    await guard.failed()
    with pytest.raises(SignInLocked) as locked:
        await guard.check()
    assert locked.value.retry_after_seconds == 1


def test_the_key_hides_the_email_and_ignores_case() -> None:
    key = lockout_key("Ana@Example.com")
    assert key == lockout_key(" ana@example.COM ")
    assert "ana" not in key
    assert lockout_key("not an email") == lockout_key("NOT AN EMAIL")
