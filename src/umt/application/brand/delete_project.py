"""DeleteProject: remove a project for good."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import load_project
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteProject:
    use_case: ClassVar = UseCase(
        Permission.PROJECT_DELETE, task="project.delete", agent=Agent.BRAND_PROJECT
    )
    project_id: UUID
    expected_version: int | None = None


async def delete_project(cmd: DeleteProject, ctx: Context, *, clock: Clock) -> None:
    actor = ctx.actor()
    actor.require(DeleteProject.use_case.permission)
    async with ctx.uow as uow:
        project = await load_project(uow, actor, cmd.project_id)
        project.mark_deleted(now=clock.now(), expected_version=cmd.expected_version)
        await uow.projects.remove(project)
        await uow.commit()
