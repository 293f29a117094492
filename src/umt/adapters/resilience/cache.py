"""The cache behind its own breaker: while Redis is down, cache calls fail at once.

No retries: a cache miss costs one database read, a retry could cost more than that. The
errors stay ``StorageUnavailable``, which the cache's users already treat as "skip the
cache" (read-through): a cache failure never fails a request. One consequence, documented
in docs/operations.md: an invalidation refused while the breaker is open is lost, so an entry
written before the outage can be served until its TTL (``UMT_CACHE_TTL_SECONDS``) ends.
"""

from __future__ import annotations

from umt.adapters.resilience.breaker import Breaker
from umt.ports.cache import Cache


class ResilientCache(Cache):
    def __init__(self, inner: Cache, breaker: Breaker) -> None:
        self._inner = inner
        self._breaker = breaker

    async def get(self, key: str) -> bytes | None:
        return await self._breaker.call(lambda: self._inner.get(key))

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        await self._breaker.call(lambda: self._inner.set(key, value, ttl_seconds=ttl_seconds))

    async def delete(self, *keys: str) -> None:
        await self._breaker.call(lambda: self._inner.delete(*keys))
