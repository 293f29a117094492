"""RevokeApiKey: the key, and every key made with it (and with those), stop working at once
(each request looks its key up, and a key made with a key checks that one too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import ApiKeyId
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokeApiKey:
    use_case: ClassVar = UseCase(Permission.API_KEYS_MANAGE)
    api_key_id: UUID


async def revoke_api_key(cmd: RevokeApiKey, ctx: Context, *, clock: Clock) -> None:
    """Idempotent for the organization's keys; another organization's key is a 404."""
    actor = ctx.actor()
    actor.require(RevokeApiKey.use_case.permission)
    async with ctx.uow as uow:
        key = await uow.api_keys.get(actor.organization_id, ApiKeyId(cmd.api_key_id))
        if key is None:
            raise NotFound(f"API key {cmd.api_key_id} not found")
        now = clock.now()
        pending = [key]
        while pending:  # a key, then the keys made with it, then theirs
            current = pending.pop()
            current.revoke(now)
            await uow.api_keys.save(current)
            pending.extend(await uow.api_keys.children(actor.organization_id, current.id))
        await uow.commit()
