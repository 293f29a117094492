"""Contract of the Cache port, run against memory and real Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from tests.support.redis import redis_client

from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.redis.cache import RedisCache
from umt.ports.cache import Cache


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest) -> AsyncIterator[Cache]:
    if request.param == "memory":
        yield InMemoryCache()
        return
    client = await redis_client()
    try:
        yield RedisCache(client)
    finally:
        await client.aclose()


def key() -> str:
    return f"test:{uuid.uuid4().hex}"


class TestCache:
    async def test_set_get_delete(self, cache: Cache) -> None:
        a, b = key(), key()
        assert await cache.get(a) is None
        await cache.set(a, b"one", ttl_seconds=60)
        await cache.set(b, b"two", ttl_seconds=60)
        assert await cache.get(a) == b"one"
        await cache.set(a, b"uno", ttl_seconds=60)
        assert await cache.get(a) == b"uno"
        await cache.delete(a, b, key())
        assert await cache.get(a) is None
        assert await cache.get(b) is None
        await cache.delete()  # nothing to delete is fine

    async def test_entries_expire(self, cache: Cache) -> None:
        k = key()
        await cache.set(k, b"soon gone", ttl_seconds=1)
        await asyncio.sleep(1.2)
        assert await cache.get(k) is None


async def test_memory_cache_is_bounded() -> None:
    cache = InMemoryCache(max_entries=3)
    for i in range(5):
        await cache.set(f"k{i}", b"v", ttl_seconds=60)
    assert [await cache.get(f"k{i}") for i in range(5)] == [None, None, b"v", b"v", b"v"]
