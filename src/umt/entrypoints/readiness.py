"""Readiness: can each dependency answer right now?"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from umt.entrypoints.http.schemas.health import Readiness

READY_TIMEOUT_SECONDS = 2.0


async def _database(engine: AsyncEngine) -> str:
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not ready"; the probe must not raise
        return f"down: {type(exc).__name__}"
    return "ok"


async def _redis(url: str) -> str:
    client = Redis.from_url(
        url, socket_timeout=READY_TIMEOUT_SECONDS, socket_connect_timeout=READY_TIMEOUT_SECONDS
    )
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            await client.ping()
    except Exception as exc:  # any failure means "not ready"; the probe must not raise
        return f"down: {type(exc).__name__}"
    finally:
        await client.aclose()
    return "ok"


async def check_readiness(container: Any) -> Readiness:
    """Each configured dependency answers within two seconds, or is named as down."""
    memory = container.backend() == "memory"
    checks = {"database": "ok" if memory else await _database(container.engine())}
    settings = container.settings()
    if settings.redis_url:
        checks["cache"] = await _redis(settings.redis_url)
    down = sorted(name for name, state in checks.items() if state != "ok")
    return Readiness(status="ok" if not down else "unavailable", checks=checks, down=down)
