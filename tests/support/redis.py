"""Reaching the test Redis: skip locally when it is down, fail under CI=true."""

from __future__ import annotations

import os

from redis.asyncio import Redis
from tests.support.postgres import service_unavailable

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


async def redis_client() -> Redis:
    client = Redis.from_url(
        os.environ.get("UMT_TEST_REDIS_URL", DEFAULT_REDIS_URL),
        socket_timeout=5,
        socket_connect_timeout=5,
    )
    try:
        await client.ping()
    except Exception as exc:  # refused, timed out, auth: all mean "cannot test here"
        await client.aclose()
        service_unavailable("Redis", f"{type(exc).__name__}: {exc}")
    return client


def require_redis() -> str:
    """The test Redis URL, after checking it answers (skip locally, fail under CI)."""
    import asyncio

    async def reachable() -> None:
        client = await redis_client()
        await client.aclose()

    asyncio.run(reachable())
    return os.environ.get("UMT_TEST_REDIS_URL", DEFAULT_REDIS_URL)
