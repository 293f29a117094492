"""DeleteProject: remove a project for good."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from umt.application.services import Context
from umt.application.shared.brands import load_project
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteProject:
    project_id: UUID
    expected_version: int | None = None


async def delete_project(cmd: DeleteProject, ctx: Context) -> None:
    actor = ctx.actor()
    actor.require(Permission.PROJECT_DELETE)
    async with ctx.uow as uow:
        project = await load_project(uow, actor, cmd.project_id)
        project.mark_deleted(now=ctx.services.clock.now(), expected_version=cmd.expected_version)
        await uow.projects.remove(project)
        await uow.commit()
