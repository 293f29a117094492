"""Loading aggregates for the current tenant; absence and other tenants look the same."""

from __future__ import annotations

from uuid import UUID

from umt.application.principal import Principal
from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId, ProjectId
from umt.ports.unit_of_work import UnitOfWork


async def load_brand(uow: UnitOfWork, actor: Principal, brand_id: UUID) -> Brand:
    brand = await uow.brands.get(actor.organization_id, BrandId(brand_id))
    if brand is None:
        raise NotFound(f"brand {brand_id} not found")
    return brand


async def load_project(uow: UnitOfWork, actor: Principal, project_id: UUID) -> Project:
    project = await uow.projects.get(actor.organization_id, ProjectId(project_id))
    if project is None:
        raise NotFound(f"project {project_id} not found")
    return project
