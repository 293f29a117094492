"""The in-memory read side of brands."""

from __future__ import annotations

from umt.adapters.memory.store import InMemoryStore
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.brand_reader import BrandReader, BrandView
from umt.ports.brand_views import brand_view


class InMemoryBrandReader(BrandReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> BrandView | None:
        brand = self._store.brands.get(brand_id)
        if brand is None or brand.organization_id != organization_id:
            return None
        return brand_view(brand)
