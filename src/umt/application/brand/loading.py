"""Loading aggregates for the current tenant; absence, other tenants and brands outside a
member's brand scope all look the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from umt.application.principal import Principal
from umt.application.services import Context
from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId, ProjectId
from umt.ports.unit_of_work import UnitOfWork

T = TypeVar("T")


async def load_brand(uow: UnitOfWork, actor: Principal, brand_id: UUID) -> Brand:
    actor.require_brand(brand_id)  # outside the member's brands: absent, without a query
    brand = await uow.brands.get(actor.organization_id, BrandId(brand_id))
    if brand is None:
        raise NotFound(f"brand {brand_id} not found")
    return brand


async def load_project(uow: UnitOfWork, actor: Principal, project_id: UUID) -> Project:
    project = await uow.projects.get(actor.organization_id, ProjectId(project_id))
    if project is None or not actor.can_access_brand(project.brand_id):
        raise NotFound(f"project {project_id} not found")
    return project


async def change_brand(
    ctx: Context,
    brand_id: UUID,
    change: Callable[[Brand, datetime], T],
    *,
    permission: Permission = Permission.BRAND_UPDATE,
) -> T:
    """The shape of every change to a brand or its children: check the permission, load the
    brand in the actor's organization, apply ``change(brand, now)``, save, commit."""
    actor = ctx.actor()
    actor.require(permission)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, brand_id)
        result = change(brand, ctx.services.clock.now())
        await uow.brands.save(brand)
        await uow.commit()
    return result


async def read_brand(ctx: Context, brand_id: UUID) -> Brand:
    """The whole aggregate, children included, for queries about audiences and competitors."""
    actor = ctx.actor()
    actor.require(Permission.BRAND_READ)
    async with ctx.uow as uow:
        return await load_brand(uow, actor, brand_id)
