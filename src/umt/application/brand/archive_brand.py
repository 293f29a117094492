"""ArchiveBrand and RestoreBrand: take a brand out of active use and bring it back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.brand.loading import change_brand
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.brand.brand import Brand
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveBrand:
    use_case: ClassVar = UseCase(
        Permission.BRAND_ARCHIVE, task="brand.archive", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RestoreBrand:
    use_case: ClassVar = UseCase(
        Permission.BRAND_ARCHIVE, task="brand.restore", agent=Agent.BRAND_PROJECT
    )
    brand_id: UUID
    expected_version: int | None = None


async def archive_brand(cmd: ArchiveBrand, ctx: Context, *, clock: Clock) -> Brand:
    def archive(brand: Brand, now: datetime) -> Brand:
        brand.archive(now=now, expected_version=cmd.expected_version)
        return brand

    return await change_brand(
        ctx, clock, cmd.brand_id, archive, permission=ArchiveBrand.use_case.permission
    )


async def restore_brand(cmd: RestoreBrand, ctx: Context, *, clock: Clock) -> Brand:
    def restore(brand: Brand, now: datetime) -> Brand:
        brand.restore(now=now, expected_version=cmd.expected_version)
        return brand

    return await change_brand(
        ctx, clock, cmd.brand_id, restore, permission=RestoreBrand.use_case.permission
    )
