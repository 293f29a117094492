"""Readiness: can each dependency answer right now? And which circuit breakers are open?

A dependency with a breaker is probed *through* it: while the breaker is open the probe is
not even tried (the check says so, by the breaker's name, at once), and once the reset time
is over the probe is the breaker's trial call. That keeps an instance taken out of rotation
for an open breaker (and so receiving no traffic to try the dependency with) from staying
out forever: the readiness probe itself closes the breaker when the dependency is back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import text

from umt.adapters.resilience.breaker import Breaker, Breakers
from umt.adapters.sql.asyncio_package import AsyncEngine
from umt.adapters.sql.schema_check import check_schema
from umt.application.agents.loop_beats import LoopBeats
from umt.entrypoints.http.schemas.health import Readiness
from umt.entrypoints.http.schemas.jobs import LoopOut
from umt.ports.errors import DependencyUnavailable, SchemaMissing
from umt.ports.message_broker import MessageBroker

READY_TIMEOUT_SECONDS = 2.0
# the readiness check that covers a breaker's dependency, where the names differ
_CHECK_OF_BREAKER = {"redis": "cache"}


async def _database(engine: AsyncEngine) -> None:
    async with asyncio.timeout(READY_TIMEOUT_SECONDS), engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
        await check_schema(conn)  # a database with no schema answers, but serves nothing


async def _redis(url: str) -> None:
    from redis.asyncio import Redis  # only with UMT_REDIS_URL (13 MiB otherwise unused)

    client = Redis.from_url(
        url, socket_timeout=READY_TIMEOUT_SECONDS, socket_connect_timeout=READY_TIMEOUT_SECONDS
    )
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            await client.ping()
    finally:
        await client.aclose()


async def _check(probe: Callable[[], Awaitable[None]], breaker: Breaker | None) -> str:
    try:
        await (breaker.call(probe) if breaker is not None else probe())
    except DependencyUnavailable as exc:
        return f"down: circuit open, retry in {exc.retry_after_seconds} s"
    except SchemaMissing as exc:
        return f"down: {exc}"
    except Exception as exc:  # any failure means "not ready"; the probe must not raise
        cause = exc.__cause__ if exc.__cause__ is not None else exc
        return f"down: {type(cause).__name__}"
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
    checks run concurrently); every breaker's state is reported, and an open one marks its
    dependency down."""
    registry: Breakers = container.breakers()
    memory = container.backend() == "memory"
    engine = container.engine()
    settings = container.settings()
    probes = {
        "database": _ok()
        if memory
        else _check(lambda: _database(engine), registry.find("database")),
        "broker": _broker(container.broker()),
    }
    if settings.cache.redis_url:
        url = settings.cache.redis_url
        probes["cache"] = _check(lambda: _redis(url), registry.find("redis"))
    states = await asyncio.gather(*probes.values())
    checks = dict(zip(probes, states, strict=True))
    breakers = registry.states()
    down = {name for name, state in checks.items() if state != "ok"}
    down.update(
        _CHECK_OF_BREAKER.get(name, name) for name, state in breakers.items() if state == "open"
    )
    return Readiness(
        status="ok" if not down else "unavailable",
        checks=checks,
        down=sorted(down),
        breakers=breakers,
        loops=loop_heartbeats(container.loop_beats()),
    )


def loop_heartbeats(beats: LoopBeats) -> dict[str, LoopOut]:
    """The last tick of each background loop this process runs (none before the first)."""
    return {
        name: LoopOut(
            last_tick=beat.last_tick,
            handled=beat.handled,
            lag_seconds=beat.lag_seconds,
            counts=dict(beat.counts),
        )
        for name, beat in sorted(beats.snapshot().items())
    }
