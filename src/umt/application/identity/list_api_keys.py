"""ListApiKeys: the organization's keys (never their secrets, which are not kept)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True)
class ListApiKeys:
    use_case: ClassVar = UseCase(Permission.API_KEYS_MANAGE)
    pass


async def list_api_keys(query: ListApiKeys, ctx: Context) -> list[ApiKey]:
    actor = ctx.actor()
    actor.require(ListApiKeys.use_case.permission)
    async with ctx.uow as uow:
        return await uow.api_keys.for_organization(actor.organization_id)
