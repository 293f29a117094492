"""CreateProject: a project for one of the organization's active brands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.brand import inputs
from umt.application.brand.assign_project import require_member
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.use_case import UseCase
from umt.domain.brand.brand import BrandStatus
from umt.domain.brand.errors import BrandIsArchived
from umt.domain.brand.project import Project, ProjectType
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import ProjectId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateProject:
    use_case: ClassVar = UseCase(
        Permission.PROJECT_CREATE, task="project.create", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    name: str
    project_type: str
    custom_type: str = ""
    description: str = ""
    goals: Sequence[Mapping[str, Any]] = ()
    channels: Sequence[str] = ()
    start_date: date | str | None = None
    end_date: date | str | None = None
    assignee_id: UUID | str | None = None


async def create_project(
    cmd: CreateProject, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> Project:
    actor = ctx.actor()
    actor.require(CreateProject.use_case.permission)
    values = inputs.project_changes(
        {
            "project_type": cmd.project_type,
            "goals": list(cmd.goals),
            "channels": tuple(cmd.channels),
            "start_date": cmd.start_date,
            "end_date": cmd.end_date,
        }
    )
    project_type: ProjectType = values.pop("project_type")
    assignee = None if cmd.assignee_id is None else inputs.user_id(cmd.assignee_id, "assignee_id")
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        if brand.status is BrandStatus.ARCHIVED:
            raise BrandIsArchived("projects cannot be added to an archived brand")
        if assignee is not None:
            await require_member(uow, actor, assignee)
        project = Project.create(
            id=ProjectId(ids.new_id()),
            organization_id=actor.organization_id,
            brand_id=brand.id,
            name=cmd.name,
            project_type=project_type,
            custom_type=cmd.custom_type,
            description=cmd.description,
            now=clock.now(),
            assignee_id=assignee,
            **values,
        )
        await uow.projects.add(project)
        await uow.commit()
    return project
