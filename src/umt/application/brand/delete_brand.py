"""DeleteBrand: remove a brand with its audiences and competitors; refused while it has
projects, so that no project is lost by accident (archive the brand instead)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.use_case import UseCase
from umt.domain.brand.errors import BrandHasProjects
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteBrand:
    use_case: ClassVar = UseCase(
        Permission.BRAND_DELETE, task="brand.delete", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    expected_version: int | None = None


async def delete_brand(cmd: DeleteBrand, ctx: Context, *, clock: Clock) -> None:
    actor = ctx.actor()
    actor.require(DeleteBrand.use_case.permission)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        projects = await uow.projects.count_for_brand(actor.organization_id, brand.id)
        if projects:
            raise BrandHasProjects(
                f"the brand has {projects} project(s); delete them first or archive the brand"
            )
        brand.mark_deleted(now=clock.now(), expected_version=cmd.expected_version)
        await uow.brands.remove(brand)
        await uow.commit()
