"""The BrandRepository port: Brand aggregates (with audiences and competitors) by tenant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from umt.domain.brand.brand import Brand, BrandStatus
from umt.domain.brand.voice import VoiceGuide
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.values import Slug
from umt.ports.pagination import Page, PageRequest

BRAND_SORTS = frozenset({"created_at", "updated_at", "name"})


@dataclass(frozen=True, slots=True)
class BrandFilter:
    status: BrandStatus | None = None
    industry: str | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandSummary:
    """What other contexts ask of a brand: that it exists in the tenant, its status and its
    voice. One row, no audiences or competitors, and nothing tracked for saving."""

    id: BrandId
    organization_id: OrganizationId
    status: BrandStatus
    voice: VoiceGuide
    blackout_dates: tuple[date, ...] = ()  # no publishing on these dates


class BrandRepository(Protocol):
    """Every method is scoped by organization: another tenant's brand is simply absent."""

    async def get(self, organization_id: OrganizationId, brand_id: BrandId) -> Brand | None: ...

    async def summary(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> BrandSummary | None:
        """The brand's summary if it exists in that organization, else None. It is read in
        this unit of work's transaction (unlike the cached BrandReader), so a check made
        with it holds for the writes that follow."""
        ...

    async def slug_taken(
        self, organization_id: OrganizationId, slug: Slug, *, excluding: BrandId | None = None
    ) -> bool: ...

    async def add(self, brand: Brand) -> None: ...

    async def save(self, brand: Brand) -> None:
        """Persist a loaded brand; raises StaleVersion if another writer saved it meanwhile."""
        ...

    async def remove(self, brand: Brand) -> None: ...

    async def list(
        self, organization_id: OrganizationId, filters: BrandFilter, page: PageRequest
    ) -> Page[Brand]:
        """Brands without their audiences and competitors loaded (those are listed apart)."""
        ...
