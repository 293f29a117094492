"""Cache-aside for brand reads, invalidated by the events that change a brand.

A miss loads through the wrapped reader; concurrent misses for one brand share one load (a
stampede guard within the process). A cache that fails is skipped, never fatal: the read goes
to the database. Invalidation happens after commit, when the bus dispatches the brand's
events; the short TTL bounds the one race cache-aside has (a load that started before a
commit and stores after its invalidation).
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


def _encode(view: BrandView) -> bytes:
    return json.dumps(asdict(view), default=str, separators=(",", ":")).encode()


def _decode(raw: bytes) -> BrandView:
    data: dict[str, Any] = json.loads(raw)
    for name in _UUIDS:
        data[name] = UUID(data[name])
    for name in _TIMES:
        data[name] = None if data[name] is None else datetime.fromisoformat(data[name])
    return BrandView(**{f.name: data[f.name] for f in fields(BrandView)})


class CachedBrandReader(BrandReader):
    def __init__(self, reader: BrandReader, cache: Cache, *, ttl_seconds: int) -> None:
        self._reader = reader
        self._cache = cache
        self._ttl = ttl_seconds
        self._loading: dict[str, asyncio.Future[BrandView | None]] = {}
        self.stats = CacheStats()

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> BrandView | None:
        key = brand_key(organization_id, brand_id)
        try:
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
        """Bus event handler: drop the cached view of the brand the event changed."""
        await self._cache.delete(brand_key(event.organization_id, event.aggregate_id))

    async def _store(self, key: str, view: BrandView) -> None:
        try:
            await self._cache.set(key, _encode(view), ttl_seconds=self._ttl)
        except StorageUnavailable:
            self.stats.errors += 1
            log.warning("cache unavailable; not stored", extra={"key": key})
