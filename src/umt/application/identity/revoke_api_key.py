"""RevokeApiKey: the key stops working at once (each request looks it up)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from umt.application.services import Context
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import ApiKeyId


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokeApiKey:
    api_key_id: UUID


async def revoke_api_key(cmd: RevokeApiKey, ctx: Context) -> None:
    """Idempotent for the organization's keys; another organization's key is a 404."""
    actor = ctx.actor()
    actor.require(Permission.API_KEYS_MANAGE)
    async with ctx.uow as uow:
        key = await uow.api_keys.get(actor.organization_id, ApiKeyId(cmd.api_key_id))
        if key is None:
            raise NotFound(f"API key {cmd.api_key_id} not found")
        key.revoke(ctx.services.clock.now())
        await uow.api_keys.save(key)
        await uow.commit()
