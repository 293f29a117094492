"""UpdateProject: a partial update of a project's fields under optimistic concurrency."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.brand import inputs
from umt.application.services import Context
from umt.application.shared.brands import load_project
from umt.application.use_case import UseCase
from umt.domain.brand.project import Project
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateProject:
    use_case: ClassVar = UseCase(
        Permission.PROJECT_UPDATE, task="project.update", agent=Agent.BRAND_PROJECT
    )
    project_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


async def update_project(cmd: UpdateProject, ctx: Context, *, clock: Clock) -> Project:
    actor = ctx.actor()
    actor.require(UpdateProject.use_case.permission)
    changes = inputs.project_changes(cmd.changes)
    async with ctx.uow as uow:
        project = await load_project(uow, actor, cmd.project_id)
        project.update(changes, now=clock.now(), expected_version=cmd.expected_version)
        await uow.projects.save(project)
        await uow.commit()
    return project
