"""Cache-aside for brand reads: hits skip the store, one load per stampede, invalidation by
events, and a broken cache never breaks a read."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.memory.store import InMemoryStore
from umt.application.brand.brand_queries import GetBrand
from umt.application.brand.cached_reader import INVALIDATING_EVENTS, CachedBrandReader, brand_key
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.update_brand import BrandChanges, UpdateBrand
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.brand.events import BrandDeleted, BrandUpdated
from umt.domain.shared.events import DomainEvent
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.brand_reader import BrandReader, BrandView
from umt.ports.errors import StorageUnavailable


class CountingReader(BrandReader):
    def __init__(self, inner: BrandReader) -> None:
        self.inner = inner
        self.loads = 0

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> BrandView | None:
        self.loads += 1
        await asyncio.sleep(0.01)  # long enough for concurrent misses to pile up
        return await self.inner.get(organization_id, brand_id)


class BrokenCache(InMemoryCache):
    async def get(self, key: str) -> bytes | None:
        raise StorageUnavailable("down")

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        raise StorageUnavailable("down")


@pytest.fixture
def counting(bus: MessageBus) -> CountingReader:
    return CountingReader(bus.services.brand_reader)


def cached(counting: CountingReader, cache: InMemoryCache | None = None) -> CachedBrandReader:
    return CachedBrandReader(counting, cache or InMemoryCache(), ttl_seconds=60)


async def make_brand(bus: MessageBus, owner: Principal) -> Brand:
    brand: Brand = await bus.execute(CreateBrand(name="Acme Coffee"), owner)
    return brand


async def test_hits_skip_the_store_and_equal_the_stored_view(
    bus: MessageBus, owner: Principal, counting: CountingReader
) -> None:
    brand = await make_brand(bus, owner)
    reader = cached(counting)
    first = await reader.get(owner.organization_id, brand.id)
    second = await reader.get(owner.organization_id, brand.id)
    assert first == second == await counting.inner.get(owner.organization_id, brand.id)
    assert isinstance(second, BrandView)
    assert second.created_at.tzinfo is not None
    assert counting.loads == 1


async def test_a_stampede_loads_once(
    bus: MessageBus, owner: Principal, counting: CountingReader
) -> None:
    brand = await make_brand(bus, owner)
    reader = cached(counting)
    views = await asyncio.gather(*(reader.get(owner.organization_id, brand.id) for _ in range(20)))
    assert counting.loads == 1
    assert len({v.version for v in views if v}) == 1


async def test_events_invalidate_after_commit(
    bus: MessageBus, owner: Principal, counting: CountingReader, store: InMemoryStore
) -> None:
    brand = await make_brand(bus, owner)
    reader = cached(counting)
    for kind in INVALIDATING_EVENTS:
        bus.subscribe(kind, reader.invalidate)
    assert (await reader.get(owner.organization_id, brand.id)).version == 1  # type: ignore[union-attr]
    await bus.execute(UpdateBrand(brand_id=brand.id, changes=BrandChanges(industry="tea")), owner)
    fresh = await reader.get(owner.organization_id, brand.id)
    assert fresh is not None
    assert (fresh.version, fresh.industry) == (2, "tea")


async def test_a_broken_cache_reads_through(
    bus: MessageBus, owner: Principal, counting: CountingReader
) -> None:
    brand = await make_brand(bus, owner)
    reader = cached(counting, BrokenCache())
    view = await reader.get(owner.organization_id, brand.id)
    assert view is not None
    assert view.id == brand.id


async def test_unknown_brands_are_not_cached_as_present(
    bus: MessageBus, owner: Principal, counting: CountingReader
) -> None:
    reader = cached(counting)
    missing = BrandId(uuid4())
    assert await reader.get(owner.organization_id, missing) is None
    assert await reader.get(owner.organization_id, missing) is None
    assert counting.loads == 2  # absence is not cached: a brand created later is found
    brand = await make_brand(bus, owner)
    assert (await bus.execute(GetBrand(brand_id=brand.id), owner)).id == brand.id


class SwitchableReader(BrandReader):
    """The database: answers until ``down`` is set, then fails like an open breaker."""

    def __init__(self, inner: BrandReader) -> None:
        self.inner = inner
        self.down = False

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> BrandView | None:
        if self.down:
            raise StorageUnavailable("database unavailable")
        return await self.inner.get(organization_id, brand_id)


def degrading(reader: BrandReader, cache: InMemoryCache, stale: int = 3600) -> CachedBrandReader:
    return CachedBrandReader(reader, cache, ttl_seconds=60, stale_ttl_seconds=stale)


def event(kind: type[DomainEvent], owner: Principal, brand: Brand) -> DomainEvent:
    return kind(
        aggregate_id=brand.id, organization_id=owner.organization_id, occurred_at=datetime.now(UTC)
    )


async def expire_fresh(cache: InMemoryCache, owner: Principal, brand: Brand) -> None:
    await cache.delete(brand_key(owner.organization_id, brand.id))


async def test_while_the_database_is_down_reads_get_the_last_known_good_copy(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await make_brand(bus, owner)
    database, cache = SwitchableReader(bus.services.brand_reader), InMemoryCache()
    reader = degrading(database, cache)
    loaded = await reader.get(owner.organization_id, brand.id)
    await expire_fresh(cache, owner, brand)
    database.down = True
    assert await reader.get(owner.organization_id, brand.id) == loaded
    # an update drops the fresh entry only: the stale copy may lag, by definition
    await reader.invalidate(event(BrandUpdated, owner, brand), bus.services)
    assert await reader.get(owner.organization_id, brand.id) == loaded


async def test_without_a_copy_the_outage_surfaces(bus: MessageBus, owner: Principal) -> None:
    brand = await make_brand(bus, owner)
    database, cache = SwitchableReader(bus.services.brand_reader), InMemoryCache()
    database.down = True
    with pytest.raises(StorageUnavailable):
        await degrading(database, cache).get(owner.organization_id, brand.id)
    database.down = False
    await degrading(database, cache, stale=0).get(owner.organization_id, brand.id)
    await expire_fresh(cache, owner, brand)
    database.down = True
    with pytest.raises(StorageUnavailable):  # stale copies switched off
        await degrading(database, cache, stale=0).get(owner.organization_id, brand.id)


async def test_a_deleted_brand_is_never_served_from_the_stale_copy(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await make_brand(bus, owner)
    database, cache = SwitchableReader(bus.services.brand_reader), InMemoryCache()
    reader = degrading(database, cache)
    await reader.get(owner.organization_id, brand.id)
    await reader.invalidate(event(BrandDeleted, owner, brand), bus.services)
    database.down = True
    with pytest.raises(StorageUnavailable):
        await reader.get(owner.organization_id, brand.id)


class SwitchableCache(InMemoryCache):
    def __init__(self) -> None:
        super().__init__()
        self.down = False

    async def get(self, key: str) -> bytes | None:
        if self.down:
            raise StorageUnavailable("cache down")
        return await super().get(key)

    async def delete(self, *keys: str) -> None:
        if self.down:
            raise StorageUnavailable("cache down")
        await super().delete(*keys)


async def test_an_invalidation_refused_by_a_down_cache_is_replayed_when_it_is_back(
    bus: MessageBus, owner: Principal
) -> None:
    brand = await make_brand(bus, owner)
    cache = SwitchableCache()
    reader = CachedBrandReader(bus.services.brand_reader, cache, ttl_seconds=600)
    for kind in INVALIDATING_EVENTS:
        bus.subscribe(kind, reader.invalidate)
    await reader.get(owner.organization_id, brand.id)  # cached at version 1
    cache.down = True
    await bus.execute(UpdateBrand(brand_id=brand.id, changes=BrandChanges(industry="tea")), owner)
    cache.down = False
    view = await reader.get(owner.organization_id, brand.id)
    assert view is not None
    assert (view.version, view.industry) == (2, "tea")


async def test_an_entry_cached_before_the_time_zone_existed_still_reads(
    bus: MessageBus, owner: Principal, counting: CountingReader
) -> None:
    brand = await make_brand(bus, owner)
    cache = InMemoryCache()
    reader = cached(counting, cache)
    key = brand_key(owner.organization_id, brand.id)
    await reader.get(owner.organization_id, brand.id)
    raw = await cache.get(key)
    assert raw is not None
    old = json.loads(raw)
    del old["time_zone"]  # as an older release cached it
    await cache.set(key, json.dumps(old).encode(), ttl_seconds=60)
    view = await reader.get(owner.organization_id, brand.id)
    assert view is not None
    assert (view.name, view.time_zone) == ("Acme Coffee", "UTC")
    assert counting.loads == 1  # served from the cache, not reloaded
