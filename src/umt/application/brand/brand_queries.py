"""Queries on brands: GetBrand and ListBrands."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.inputs import enum_value, require_sort
from umt.application.use_case import UseCase
from umt.domain.brand.brand import Brand, BrandStatus
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId
from umt.ports.brand_reader import BrandReader, BrandView
from umt.ports.brand_repository import BRAND_SORTS, BrandFilter
from umt.ports.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class GetBrand:
    use_case: ClassVar = UseCase(Permission.BRAND_READ, task="brand.get", agent=Agent.BRAND_PROJECT)
    brand_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBrands:
    use_case: ClassVar = UseCase(
        Permission.BRAND_READ, task="brand.list", agent=Agent.BRAND_PROJECT
    )
    status: str | None = None
    industry: str | None = None
    page: PageRequest = field(default_factory=PageRequest)


async def get_brand(query: GetBrand, ctx: Context, *, brand_reader: BrandReader) -> BrandView:
    actor = ctx.actor()
    actor.require(GetBrand.use_case.permission)
    actor.require_brand(query.brand_id)
    view = await brand_reader.get(actor.organization_id, BrandId(query.brand_id))
    if view is None:
        raise NotFound(f"brand {query.brand_id} not found")
    return view


async def list_brands(query: ListBrands, ctx: Context) -> Page[Brand]:
    actor = ctx.actor()
    actor.require(ListBrands.use_case.permission)
    require_sort(query.page, BRAND_SORTS)
    filters = BrandFilter(
        status=enum_value(BrandStatus, query.status, "status") if query.status else None,
        industry=query.industry,
        brand_ids=actor.brand_scope,
    )
    async with ctx.uow as uow:
        return await uow.brands.list(actor.organization_id, filters, query.page)
