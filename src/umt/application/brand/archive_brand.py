"""ArchiveBrand and RestoreBrand: take a brand out of active use and bring it back."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from umt.application.brand.loading import load_brand
from umt.application.services import Context
from umt.domain.brand.brand import Brand
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveBrand:
    brand_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RestoreBrand:
    brand_id: UUID
    expected_version: int | None = None


async def archive_brand(cmd: ArchiveBrand, ctx: Context) -> Brand:
    actor = ctx.actor()
    actor.require(Permission.BRAND_ARCHIVE)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        brand.archive(now=ctx.services.clock.now(), expected_version=cmd.expected_version)
        await uow.brands.save(brand)
        await uow.commit()
    return brand


async def restore_brand(cmd: RestoreBrand, ctx: Context) -> Brand:
    actor = ctx.actor()
    actor.require(Permission.BRAND_ARCHIVE)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        brand.restore(now=ctx.services.clock.now(), expected_version=cmd.expected_version)
        await uow.brands.save(brand)
        await uow.commit()
    return brand
