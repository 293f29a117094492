"""Cache-aside for brand reads: hits skip the store, one load per stampede, invalidation by
events, and a broken cache never breaks a read."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest

from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.memory.store import InMemoryStore
from umt.application.brand.brand_queries import GetBrand
from umt.application.brand.cached_reader import INVALIDATING_EVENTS, CachedBrandReader
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.update_brand import UpdateBrand
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
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
    await bus.execute(UpdateBrand(brand_id=brand.id, changes={"industry": "tea"}), owner)
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
