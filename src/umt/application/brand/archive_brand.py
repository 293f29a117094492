"""ArchiveBrand and RestoreBrand: take a brand out of active use and bring it back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from umt.application.brand.loading import change_brand
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
    def archive(brand: Brand, now: datetime) -> Brand:
        brand.archive(now=now, expected_version=cmd.expected_version)
        return brand

    return await change_brand(ctx, cmd.brand_id, archive, permission=Permission.BRAND_ARCHIVE)


async def restore_brand(cmd: RestoreBrand, ctx: Context) -> Brand:
    def restore(brand: Brand, now: datetime) -> Brand:
        brand.restore(now=now, expected_version=cmd.expected_version)
        return brand

    return await change_brand(ctx, cmd.brand_id, restore, permission=Permission.BRAND_ARCHIVE)
