"""CreateApiKey: a key for service-to-service use, with a subset of the creator's permissions.

Made with an API key, the new key gets a subset of that key's effective scopes (its scopes its
creator still holds), expires no later than it, and is revoked with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from umt.application.identity.api_key_secrets import new_api_key_secret
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.api_key import ApiKey, parse_scopes
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import AuthenticationFailed
from umt.domain.shared.ids import ApiKeyId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateApiKey:
    use_case: ClassVar = UseCase(Permission.API_KEYS_MANAGE)
    name: str
    scopes: tuple[str, ...]
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class CreatedApiKey:
    """The stored key and its full text; the text is never available again."""

    key: ApiKey
    token: str


async def create_api_key(
    cmd: CreateApiKey, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> CreatedApiKey:
    actor = ctx.actor()
    actor.require(CreateApiKey.use_case.permission)
    scopes = parse_scopes(cmd.scopes)
    secret = new_api_key_secret()
    parent = None
    if actor.api_key_id is not None:
        async with ctx.uow as uow:
            parent = await uow.api_keys.get(actor.organization_id, actor.api_key_id)
        if parent is None:
            raise AuthenticationFailed("the API key behind this request no longer exists")
    key = ApiKey.issue(
        parent=parent,
        id=ApiKeyId(ids.new_id()),
        organization_id=actor.organization_id,
        created_by=actor.user_id,
        creator_permissions=actor.permissions,
        name=cmd.name,
        scopes=scopes,
        public_id=secret.public_id,
        secret_hash=secret.secret_hash,
        expires_at=cmd.expires_at,
        now=clock.now(),
    )
    async with ctx.uow as uow:
        await uow.api_keys.add(key)
        await uow.commit()
    return CreatedApiKey(key=key, token=secret.token)
