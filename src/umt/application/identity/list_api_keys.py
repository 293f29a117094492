"""ListApiKeys: the organization's keys (never their secrets, which are not kept)."""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.services import Context
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True)
class ListApiKeys:
    pass


async def list_api_keys(query: ListApiKeys, ctx: Context) -> list[ApiKey]:
    actor = ctx.actor()
    actor.require(Permission.API_KEYS_MANAGE)
    async with ctx.uow as uow:
        return await uow.api_keys.for_organization(actor.organization_id)
