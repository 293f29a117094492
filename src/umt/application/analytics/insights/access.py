"""The checks every insights use case starts with: the permission, the brand (the actor's,
and existing: another tenant's is a 404)."""

from __future__ import annotations

from uuid import UUID

from umt.application.principal import Principal
from umt.application.services import Context
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import BrandId
from umt.ports.brand_reader import BrandReader, BrandView


async def brand_of(
    ctx: Context, permission: Permission, brand_id: UUID, brand_reader: BrandReader
) -> tuple[Principal, BrandView]:
    actor = ctx.actor()
    actor.require(permission)
    actor.require_brand(brand_id)
    brand = await brand_reader.get(actor.organization_id, BrandId(brand_id))
    if brand is None:
        raise NotFound(f"brand {brand_id} not found")
    return actor, brand
