"""Readiness: can each dependency answer right now?"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from umt.entrypoints.http.schemas.health import Readiness
from umt.ports.message_broker import MessageBroker

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


async def _broker(broker: MessageBroker) -> str:
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            await broker.ping()
    except Exception as exc:  # any failure means "not ready"; the probe must not raise
        return f"down: {type(exc).__name__}"
    return "ok"


async def _ok() -> str:
    return "ok"


async def check_readiness(container: Any) -> Readiness:
    """Each configured dependency answers within two seconds, or is named as down (the
    checks run concurrently)."""
    memory = container.backend() == "memory"
    settings = container.settings()
    probes = {
        "database": _ok() if memory else _database(container.engine()),
        "broker": _broker(container.broker()),
    }
    if settings.redis_url:
        probes["cache"] = _redis(settings.redis_url)
    states = await asyncio.gather(*probes.values())
    checks = dict(zip(probes, states, strict=True))
    down = sorted(name for name, state in checks.items() if state != "ok")
    return Readiness(status="ok" if not down else "unavailable", checks=checks, down=down)
