"""The shape of the brand context's changes and reads of one brand aggregate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.domain.brand.brand import Brand
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock

T = TypeVar("T")


async def change_brand(
    ctx: Context,
    clock: Clock,
    brand_id: UUID,
    change: Callable[[Brand, datetime], T],
    *,
    permission: Permission = Permission.BRAND_UPDATE,
) -> T:
    """The shape of every change to a brand or its children: check the permission, load the
    brand in the actor's organization, apply ``change(brand, now)``, save, commit."""
    actor = ctx.actor()
    actor.require(permission)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, brand_id)
        result = change(brand, clock.now())
        await uow.brands.save(brand)
        await uow.commit()
    return result


async def read_brand(ctx: Context, brand_id: UUID) -> Brand:
    """The whole aggregate, children included, for queries about audiences and competitors."""
    actor = ctx.actor()
    actor.require(Permission.BRAND_READ)
    async with ctx.uow as uow:
        return await load_brand(uow, actor, brand_id)
