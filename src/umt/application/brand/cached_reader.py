"""Cache-aside for brand reads, invalidated by the events that change a brand.

A miss loads through the wrapped reader; concurrent misses for one brand share one load (a
stampede guard within the process). A cache that fails is skipped, never fatal: the read goes
to the database. Invalidation happens after commit, when the bus dispatches the brand's
events; the short TTL bounds the one race cache-aside has (a load that started before a
commit and stores after its invalidation).

Graceful degradation: every load also keeps a "last known good" copy under a second key for
``stale_ttl_seconds``. When the database is unavailable (``StorageUnavailable``, which is
also what an open circuit breaker raises, at once) a read falls back to that copy, so brand
reads keep answering during an outage with data at most ``stale_ttl_seconds`` old. Updates
drop only the fresh entry (the stale copy is by definition allowed to lag); a deletion drops
both, so a deleted brand is never served again. An invalidation the cache refuses (the cache
is down) is remembered and replayed before the next read that reaches the cache.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any
from uuid import UUID

from umt.application.services import Services
from umt.domain.brand import events as brand_events
from umt.domain.shared.events import DomainEvent
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.brand_reader import BrandReader, BrandView
from umt.ports.cache import Cache
from umt.ports.errors import StorageUnavailable

log = logging.getLogger("umt.cache")
_UUIDS = frozenset({"id", "organization_id"})
_TIMES = frozenset({"created_at", "updated_at", "archived_at"})
MAX_UNFINISHED_INVALIDATIONS = 10_000
INVALIDATING_EVENTS: tuple[type[DomainEvent], ...] = (
    brand_events.BrandUpdated,
    brand_events.BrandArchived,
    brand_events.BrandRestored,
    brand_events.BrandDeleted,
)


@dataclass(slots=True)
class CacheStats:
    """Counters since start, read by the metrics at scrape time."""

    hits: int = 0
    misses: int = 0  # loads from the reader, shared loads and read-throughs included
    errors: int = 0  # the cache failed and was skipped


def brand_key(organization_id: UUID, brand_id: UUID) -> str:
    return f"brand:{organization_id}:{brand_id}"


def stale_key(key: str) -> str:
    return f"stale:{key}"


def _encode(view: BrandView) -> bytes:
    return json.dumps(asdict(view), default=str, separators=(",", ":")).encode()


def _decode(raw: bytes) -> BrandView:
    data: dict[str, Any] = json.loads(raw)
    for name in _UUIDS:
        data[name] = UUID(data[name])
    for name in _TIMES:
        data[name] = None if data[name] is None else datetime.fromisoformat(data[name])
    # a field added since the entry was cached keeps its default until the entry expires
    return BrandView(**{f.name: data[f.name] for f in fields(BrandView) if f.name in data})


class CachedBrandReader(BrandReader):
    def __init__(
        self, reader: BrandReader, cache: Cache, *, ttl_seconds: int, stale_ttl_seconds: int = 0
    ) -> None:
        self._reader = reader
        self._cache = cache
        self._ttl = ttl_seconds
        self._stale_ttl = stale_ttl_seconds
        self._loading: dict[str, asyncio.Future[BrandView | None]] = {}
        # invalidations the cache refused (it was down): replayed once it answers again
        self._unfinished: set[str] = set()
        self.stats = CacheStats()

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> BrandView | None:
        key = brand_key(organization_id, brand_id)
        try:
            return await self._get(key, organization_id, brand_id)
        except StorageUnavailable:
            stale = await self._last_known_good(key)
            if stale is None:
                raise
            log.info("database unavailable; serving the last known good copy", extra={"key": key})
            return stale

    async def _get(
        self, key: str, organization_id: OrganizationId, brand_id: BrandId
    ) -> BrandView | None:
        try:
            if self._unfinished:
                await self._replay_invalidations()
            cached = await self._cache.get(key)
        except StorageUnavailable:
            self.stats.errors += 1
            self.stats.misses += 1
            log.warning("cache unavailable; reading through", extra={"key": key})
            return await self._reader.get(organization_id, brand_id)
        if cached is not None:
            self.stats.hits += 1
            return _decode(cached)
        self.stats.misses += 1
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[BrandView | None] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            view = await self._reader.get(organization_id, brand_id)
            if view is not None:
                await self._store(key, view)
            future.set_result(view)
            return view
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        finally:
            del self._loading[key]

    async def invalidate(self, event: DomainEvent, _: Services) -> None:
        """Bus event handler: drop the cached view of the brand the event changed (and its
        last known good copy when the brand is gone)."""
        key = brand_key(event.organization_id, event.aggregate_id)
        keys = [key, stale_key(key)] if isinstance(event, brand_events.BrandDeleted) else [key]
        try:
            await self._cache.delete(*keys)
        except StorageUnavailable:
            # Without this, an entry cached before a cache outage would be served for its
            # whole TTL once the cache is back, although the brand changed meanwhile.
            if len(self._unfinished) < MAX_UNFINISHED_INVALIDATIONS:
                self._unfinished.update(keys)
            log.warning("cache unavailable; invalidation deferred", extra={"key": key})

    async def _replay_invalidations(self) -> None:
        keys = list(self._unfinished)
        await self._cache.delete(*keys)  # raises while the cache is still down
        self._unfinished.difference_update(keys)

    async def _store(self, key: str, view: BrandView) -> None:
        raw = _encode(view)
        try:
            await self._cache.set(key, raw, ttl_seconds=self._ttl)
            if self._stale_ttl:
                await self._cache.set(stale_key(key), raw, ttl_seconds=self._stale_ttl)
        except StorageUnavailable:
            self.stats.errors += 1
            log.warning("cache unavailable; not stored", extra={"key": key})

    async def _last_known_good(self, key: str) -> BrandView | None:
        if not self._stale_ttl:
            return None
        try:
            raw = await self._cache.get(stale_key(key))
        except StorageUnavailable:
            return None  # the cache is down too: nothing to fall back on
        return None if raw is None else _decode(raw)
