"""AssignProject: give a project to a member of the organization, or unassign it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.brand import inputs
from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.shared.brands import load_project
from umt.application.use_case import UseCase
from umt.domain.brand.errors import AssigneeNotMember
from umt.domain.brand.project import Project
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import UserId
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignProject:
    use_case: ClassVar = UseCase(
        Permission.PROJECT_UPDATE, task="project.assign", agent=Agent.BRAND_PROJECT
    )
    project_id: UUID
    assignee_id: UUID | str | None
    expected_version: int | None = None


async def require_member(uow: UnitOfWork, actor: Principal, user_id: UUID) -> None:
    if await uow.memberships.get(actor.organization_id, UserId(user_id)) is None:
        raise AssigneeNotMember(
            "the assignee is not a member of this organization", field="assignee_id"
        )


async def assign_project(cmd: AssignProject, ctx: Context, *, clock: Clock) -> Project:
    actor = ctx.actor()
    actor.require(AssignProject.use_case.permission)
    assignee = None if cmd.assignee_id is None else inputs.user_id(cmd.assignee_id, "assignee_id")
    async with ctx.uow as uow:
        project = await load_project(uow, actor, cmd.project_id)
        if assignee is not None:
            await require_member(uow, actor, assignee)
        project.assign(
            assignee,
            now=clock.now(),
            expected_version=cmd.expected_version,
        )
        await uow.projects.save(project)
        await uow.commit()
    return project
