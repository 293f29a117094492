"""Queries on projects: GetProject and ListProjects (across brands or for one brand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import brand_summary, load_project
from umt.application.shared.inputs import enum_value, require_sort
from umt.application.use_case import UseCase
from umt.domain.brand.project import Project, ProjectStatus, ProjectType
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId, UserId
from umt.ports.pagination import Page, PageRequest
from umt.ports.project_repository import PROJECT_SORTS, ProjectFilter


@dataclass(frozen=True, slots=True, kw_only=True)
class GetProject:
    use_case: ClassVar = UseCase(
        Permission.PROJECT_READ, task="project.get", agent=Agent.BRAND_PROJECT
    )
    project_id: UUID
    brand_id: UUID | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListProjects:
    use_case: ClassVar = UseCase(
        Permission.PROJECT_READ, task="project.list", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID | None = None
    status: str | None = None
    project_type: str | None = None
    assignee_id: UUID | None = None
    page: PageRequest = field(default_factory=PageRequest)


async def get_project(query: GetProject, ctx: Context) -> Project:
    actor = ctx.actor()
    actor.require(GetProject.use_case.permission)
    async with ctx.uow as uow:
        project = await load_project(uow, actor, query.project_id)
    if query.brand_id is not None and project.brand_id != query.brand_id:
        # addressed under the wrong brand: as absent as another tenant's project
        raise NotFound(f"project {query.project_id} not found")
    return project


async def list_projects(query: ListProjects, ctx: Context) -> Page[Project]:
    actor = ctx.actor()
    actor.require(ListProjects.use_case.permission)
    require_sort(query.page, PROJECT_SORTS)
    filters = ProjectFilter(
        brand_id=BrandId(query.brand_id) if query.brand_id else None,
        status=enum_value(ProjectStatus, query.status, "status") if query.status else None,
        project_type=(
            enum_value(ProjectType, query.project_type, "project_type")
            if query.project_type
            else None
        ),
        assignee_id=UserId(query.assignee_id) if query.assignee_id else None,
        brand_ids=actor.brand_scope,
    )
    async with ctx.uow as uow:
        if query.brand_id is not None:
            await brand_summary(uow, actor, query.brand_id)  # 404 for an unknown brand
        return await uow.projects.list(actor.organization_id, filters, query.page)
