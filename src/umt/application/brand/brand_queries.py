"""Queries on brands: GetBrand and ListBrands."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from umt.application.brand.inputs import enum_value, require_sort
from umt.application.brand.loading import load_brand
from umt.application.services import Context
from umt.domain.brand.brand import Brand, BrandStatus
from umt.domain.identity.permissions import Permission
from umt.ports.brand_repository import BRAND_SORTS, BrandFilter
from umt.ports.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class GetBrand:
    brand_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBrands:
    status: str | None = None
    industry: str | None = None
    page: PageRequest = field(default_factory=PageRequest)


async def get_brand(query: GetBrand, ctx: Context) -> Brand:
    actor = ctx.actor()
    actor.require(Permission.BRAND_READ)
    async with ctx.uow as uow:
        return await load_brand(uow, actor, query.brand_id)


async def list_brands(query: ListBrands, ctx: Context) -> Page[Brand]:
    actor = ctx.actor()
    actor.require(Permission.BRAND_READ)
    require_sort(query.page, BRAND_SORTS)
    filters = BrandFilter(
        status=enum_value(BrandStatus, query.status, "status") if query.status else None,
        industry=query.industry,
    )
    async with ctx.uow as uow:
        return await uow.brands.list(actor.organization_id, filters, query.page)
