"""UpdateBrand: a partial update of a brand's fields under optimistic concurrency."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.brand import inputs
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.use_case import UseCase
from umt.domain.brand.brand import Brand
from umt.domain.brand.errors import DuplicateSlug
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateBrand:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="brand.update", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


async def update_brand(cmd: UpdateBrand, ctx: Context) -> Brand:
    actor = ctx.actor()
    actor.require(UpdateBrand.use_case.permission)
    changes = inputs.brand_changes(cmd.changes)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        old_slug = brand.slug
        brand.update(changes, now=ctx.services.clock.now(), expected_version=cmd.expected_version)
        if brand.slug != old_slug and await uow.brands.slug_taken(
            actor.organization_id, brand.slug, excluding=brand.id
        ):
            raise DuplicateSlug(
                f"slug {brand.slug} is already used in this organization", field="slug"
            )
        await uow.brands.save(brand)
        await uow.commit()
    return brand
