"""In-memory Brand and Project repositories: real, tenant-scoped, with optimistic locking."""

from __future__ import annotations

from uuid import UUID

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.brand.brand import Brand
from umt.domain.brand.errors import DuplicateSlug
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.values import Slug
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.brand_repository import BrandFilter, BrandRepository, BrandSummary
from umt.ports.pagination import Page, PageRequest, paginate


class InMemoryBrandRepository(InMemoryRepository, BrandRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[BrandId, int] = {}
        # child id -> version as loaded, so concurrent edits of one audience are caught too
        self._loaded_children: dict[BrandId, dict[UUID, int]] = {}

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> Brand | None:
        stored = self._store.brands.get(brand_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[brand_id] = stored.version
        self._loaded_children[brand_id] = _child_versions(stored)
        return self._tracker.track(detached(stored))

    async def summary(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> BrandSummary | None:
        stored = self._store.brands.get(brand_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return BrandSummary(  # the voice is a frozen value: shared, not copied
            id=stored.id,
            organization_id=stored.organization_id,
            status=stored.status,
            voice=stored.voice,
            blackout_dates=stored.blackout_dates,
        )

    async def slug_taken(
        self, organization_id: OrganizationId, slug: Slug, *, excluding: BrandId | None = None
    ) -> bool:
        return any(
            b.organization_id == organization_id and b.slug == slug and b.id != excluding
            for b in self._store.brands.values()
        )

    async def add(self, brand: Brand) -> None:
        def unique() -> None:
            if slug_clash(self._store, brand):
                raise DuplicateSlug(f"slug {brand.slug} is already used", field="slug")

        snapshot = detached(brand)
        self._tx.stage(lambda: self._store.brands.__setitem__(brand.id, snapshot), unique)
        self._loaded[brand.id] = brand.version
        self._tracker.track(brand)

    async def save(self, brand: Brand) -> None:
        brand_check = version_check(self._store.brands, brand.id, self._loaded[brand.id], "brand")
        loaded_children = self._loaded_children.get(brand.id, {})
        current = _child_versions(brand)
        touched = {
            child for child, version in loaded_children.items() if current.get(child) != version
        }

        def check() -> None:
            brand_check()
            stored = _child_versions(self._store.brands[brand.id])
            if any(stored.get(child) != loaded_children[child] for child in touched):
                raise StaleVersion("an audience or competitor was changed by someone else")
            if slug_clash(self._store, brand):
                raise DuplicateSlug(f"slug {brand.slug} is already used", field="slug")

        snapshot = detached(brand)
        self._tx.stage(lambda: self._store.brands.__setitem__(brand.id, snapshot), check)
        self._loaded[brand.id] = brand.version
        self._loaded_children[brand.id] = current
        self._tracker.track(brand)

    async def remove(self, brand: Brand) -> None:
        check = version_check(self._store.brands, brand.id, self._loaded[brand.id], "brand")
        self._tx.stage(lambda: self._store.brands.pop(brand.id, None), check)
        self._tracker.track(brand)

    async def list(
        self, organization_id: OrganizationId, filters: BrandFilter, page: PageRequest
    ) -> Page[Brand]:
        matching = [
            b
            for b in self._store.brands.values()
            if b.organization_id == organization_id
            and (filters.status is None or b.status == filters.status)
            and (filters.industry is None or b.industry == filters.industry)
            and (filters.brand_ids is None or b.id in filters.brand_ids)
        ]
        result = paginate(
            matching, page, sort_value=lambda b: getattr(b, page.sort), item_id=lambda b: b.id
        )
        items = []
        for brand in result.items:
            light = detached(brand)
            light.audiences = {}
            light.competitors = {}
            items.append(light)
        return Page(items=items, next_cursor=result.next_cursor)


def _child_versions(brand: Brand) -> dict[UUID, int]:
    versions: dict[UUID, int] = {a.id: a.version for a in brand.audiences.values()}
    versions.update({c.id: c.version for c in brand.competitors.values()})
    return versions


def slug_clash(store: InMemoryStore, brand: Brand) -> bool:
    """True if another brand of the same organization holds ``brand``'s slug."""
    return any(
        other.organization_id == brand.organization_id
        and other.slug == brand.slug
        and other.id != brand.id
        for other in store.brands.values()
    )
