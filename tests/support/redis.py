"""Reaching the test Redis: skip locally when it is down, fail under CI=true.

Under pytest-xdist each worker gets a database number of its own (1 + n % 15 for worker gwN;
database 0 in a plain run): the app keeps some keys under fixed names (the breakers' shared
state, ``umt:breaker:<name>``), so a test that opens a breaker through Redis must not open it
for the test another worker runs at the same time.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from tests.support.postgres import service_unavailable

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url() -> str:
    """UMT_TEST_REDIS_URL (default: the local Redis), on this xdist worker's own database."""
    url = os.environ.get("UMT_TEST_REDIS_URL", DEFAULT_REDIS_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, ... (unset in a plain run)
    if not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{1 + int(worker[2:]) % 15}"))


async def redis_client() -> Redis:
    client = Redis.from_url(
        redis_url(),
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
    return redis_url()
