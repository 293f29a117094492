"""ChangeProjectStatus: move a project along its workflow (archiving is the last step)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import load_project
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.brand.project import Project, ProjectStatus
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeProjectStatus:
    use_case: ClassVar = UseCase(
        Permission.PROJECT_UPDATE, task="project.change_status", agent=Agent.BRAND_PROJECT
    )
    project_id: UUID
    status: str
    expected_version: int | None = None


async def change_project_status(cmd: ChangeProjectStatus, ctx: Context, *, clock: Clock) -> Project:
    actor = ctx.actor()
    target = enum_value(ProjectStatus, cmd.status, "status")
    actor.require(
        Permission.PROJECT_ARCHIVE
        if target is ProjectStatus.ARCHIVED
        else ChangeProjectStatus.use_case.permission
    )
    async with ctx.uow as uow:
        project = await load_project(uow, actor, cmd.project_id)
        project.transition_to(target, now=clock.now(), expected_version=cmd.expected_version)
        await uow.projects.save(project)
        await uow.commit()
    return project
