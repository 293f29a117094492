"""Contract of the IdempotencyStore port, run against memory and real Redis."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tests.contracts.conftest import sqlite_url
from tests.support.redis import redis_client

from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.adapters.redis.idempotency_store import RedisIdempotencyStore
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.idempotency_store import SqlIdempotencyStore
from umt.ports.idempotency_store import IdempotencyStore, ReservationState

TTL = 60


@pytest.fixture(params=["memory", "redis", "sqlite", "postgresql"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[IdempotencyStore]:
    if request.param == "memory":
        yield InMemoryIdempotencyStore()
        return
    if request.param in ("sqlite", "postgresql"):
        if request.param == "sqlite":
            database = tmp_path / "umt.db"
            shutil.copyfile(request.getfixturevalue("sqlite_template"), database)
            engine = create_engine(sqlite_url(database))
        else:
            engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=4)
        try:
            yield SqlIdempotencyStore(engine)
        finally:
            await engine.dispose()
        return
    client = await redis_client()
    try:
        yield RedisIdempotencyStore(client)
    finally:
        await client.aclose()


def fresh_key() -> str:
    return f"test-{uuid.uuid4().hex}"


class TestIdempotencyStore:
    async def test_first_caller_owns_then_others_see_pending_then_done(
        self, store: IdempotencyStore
    ) -> None:
        key = fresh_key()
        assert (await store.reserve(key, "fp", ttl_seconds=TTL)).state is ReservationState.NEW
        assert (await store.reserve(key, "fp", ttl_seconds=TTL)).state is (ReservationState.PENDING)
        await store.complete(key, "fp", b'{"status": 201}', ttl_seconds=TTL)
        done = await store.reserve(key, "fp", ttl_seconds=TTL)
        assert done.state is ReservationState.DONE
        assert done.outcome == b'{"status": 201}'

    async def test_another_request_under_a_used_key_is_a_mismatch(
        self, store: IdempotencyStore
    ) -> None:
        key = fresh_key()
        await store.reserve(key, "fp-a", ttl_seconds=TTL)
        assert (await store.reserve(key, "fp-b", ttl_seconds=TTL)).state is (
            ReservationState.MISMATCH
        )
        await store.complete(key, "fp-a", b"a", ttl_seconds=TTL)
        assert (await store.reserve(key, "fp-b", ttl_seconds=TTL)).state is (
            ReservationState.MISMATCH
        )

    async def test_release_lets_the_work_run_again_but_never_undoes_a_result(
        self, store: IdempotencyStore
    ) -> None:
        key = fresh_key()
        await store.reserve(key, "fp", ttl_seconds=TTL)
        await store.release(key, "fp")
        assert (await store.reserve(key, "fp", ttl_seconds=TTL)).state is ReservationState.NEW
        await store.complete(key, "fp", b"kept", ttl_seconds=TTL)
        await store.release(key, "fp")
        assert (await store.reserve(key, "fp", ttl_seconds=TTL)).outcome == b"kept"

    async def test_a_stranger_cannot_complete_or_release(self, store: IdempotencyStore) -> None:
        key = fresh_key()
        await store.reserve(key, "owner", ttl_seconds=TTL)
        await store.complete(key, "stranger", b"forged", ttl_seconds=TTL)
        await store.release(key, "stranger")
        assert (await store.reserve(key, "owner", ttl_seconds=TTL)).state is (
            ReservationState.PENDING
        )

    async def test_keys_expire(self, store: IdempotencyStore) -> None:
        key = fresh_key()
        await store.reserve(key, "fp", ttl_seconds=1)
        await store.complete(key, "fp", b"x", ttl_seconds=1)
        await asyncio.sleep(1.2)
        assert (await store.reserve(key, "fp", ttl_seconds=TTL)).state is ReservationState.NEW

    async def test_exactly_one_of_many_concurrent_callers_owns_a_key(
        self, store: IdempotencyStore
    ) -> None:
        key = fresh_key()
        results = await asyncio.gather(
            *(store.reserve(key, "fp", ttl_seconds=TTL) for _ in range(50))
        )
        states = [r.state for r in results]
        assert states.count(ReservationState.NEW) == 1
        assert states.count(ReservationState.PENDING) == 49
