"""Reaching brands and projects for the current tenant, from any context. Absence, another
tenant's brand and a brand outside a member's brand scope all look the same (404).

Most contexts only need to know that a brand is there (and its status or voice):
``brand_summary`` reads that in one query. ``load_brand`` loads the whole aggregate, audiences
and competitors included (three queries), for changing it or for what needs its children.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId, OrganizationId, ProjectId
from umt.ports.brand_repository import BrandSummary
from umt.ports.unit_of_work import UnitOfWork

T = TypeVar("T")


async def brand_summary(uow: UnitOfWork, actor: Principal, brand_id: UUID) -> BrandSummary:
    """The brand's existence, status and voice, read in ``uow``'s transaction."""
    return await _reach(actor, brand_id, uow.brands.summary)


async def load_brand(uow: UnitOfWork, actor: Principal, brand_id: UUID) -> Brand:
    """The whole Brand aggregate, tracked by ``uow`` for saving."""
    return await _reach(actor, brand_id, uow.brands.get)


async def _reach(
    actor: Principal,
    brand_id: UUID,
    read: Callable[[OrganizationId, BrandId], Awaitable[T | None]],
) -> T:
    actor.require_brand(brand_id)  # outside the member's brands: absent, without a query
    found = await read(actor.organization_id, BrandId(brand_id))
    if found is None:
        raise NotFound(f"brand {brand_id} not found")
    return found


async def load_project(uow: UnitOfWork, actor: Principal, project_id: UUID) -> Project:
    """The project, if its brand is within the member's reach."""
    project = await uow.projects.get(actor.organization_id, ProjectId(project_id))
    if project is None or not actor.can_access_brand(project.brand_id):
        raise NotFound(f"project {project_id} not found")
    return project
