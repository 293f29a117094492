"""Breaker state shared by every instance through Redis (the async client, never blocking).

One key per breaker, ``<prefix><name>``, exists exactly while the breaker is open: an
instance that opens its breaker writes it with a time to live of the reset timeout (so the
key's remaining TTL *is* the remaining open time, and no clocks need to agree); an instance
whose trial call succeeded deletes it. The others read the TTL at most every
``UMT_BREAKER_SYNC_MS`` in a background task, never on the request's path, and follow: they
open for the remaining time, or, when the key went away, let one trial call decide.

Failure counts stay per instance on purpose: a shared counter would cost a Redis round trip
per call, and each instance sees an outage within a handful of requests anyway. If Redis
itself is down every breaker simply works locally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the client comes in built; importing redis costs 13 MiB (breaker.py)
    from redis.asyncio import Redis

from umt.adapters.resilience.breaker import SharedBreakerState

DEFAULT_PREFIX = "umt:breaker:"


class RedisBreakerState(SharedBreakerState):
    def __init__(self, client: Redis, *, prefix: str = DEFAULT_PREFIX) -> None:
        self._client = client
        self._prefix = prefix

    async def publish_open(self, name: str, *, seconds: float) -> None:
        await self._client.set(self._prefix + name, b"open", px=max(1, int(seconds * 1000)))

    async def publish_closed(self, name: str) -> None:
        await self._client.delete(self._prefix + name)

    async def open_remaining(self, name: str) -> float | None:
        ttl_ms = await self._client.pttl(self._prefix + name)
        if not isinstance(ttl_ms, int) or ttl_ms <= 0:
            return None  # -2: no key (closed); -1 cannot happen (always set with a TTL)
        return ttl_ms / 1000
