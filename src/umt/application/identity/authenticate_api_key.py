"""AuthenticateApiKey: a bearer ``umt_...`` key becomes the Principal it acts as."""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.audit.auth_events import AuthAction, record_auth_failure
from umt.application.identity.api_key_secrets import secret_matches, split_api_key
from umt.application.principal import Principal
from umt.application.services import Context
from umt.domain.audit.entry import Actor, ActorType
from umt.domain.identity.api_key import ApiKey
from umt.domain.shared.errors import AuthenticationFailed
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator

_MISMATCH = "the secret does not match"
_CREATOR_GONE = "the API key's creator is no longer a member"
_PARENT_GONE = "the API key this key was made with has been revoked"


@dataclass(frozen=True, slots=True)
class AuthenticateApiKey:
    token: str

    def __repr__(self) -> str:  # the key never reaches a log line, even in a traceback
        return "AuthenticateApiKey(token='[redacted]')"


async def authenticate_api_key(
    cmd: AuthenticateApiKey, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> Principal:
    """The key's principal, limited to what its creator may do now; unknown, tampered, expired
    and revoked keys, and keys whose creator left, all fail the same way to the caller (401),
    and the rejection of a known key is audited in its organization."""
    parts = split_api_key(cmd.token)
    if parts is None:
        raise AuthenticationFailed("invalid API key")
    public_id, secret = parts
    now = clock.now()
    rejected: str | None = None
    principal: Principal | None = None
    async with ctx.uow as uow:
        key = await uow.api_keys.by_public_id(public_id)
        if key is None:
            raise AuthenticationFailed("invalid API key")
        try:
            if not secret_matches(secret, key.secret_hash):
                raise AuthenticationFailed(_MISMATCH)
            key.ensure_usable(now)
            if key.parent_id is not None:
                # revoking a key revokes the keys made with it; this catches one made while
                # that revocation ran (one read: the parent's own check covered its parent)
                parent = await uow.api_keys.get(key.organization_id, key.parent_id)
                if parent is None or parent.revoked_at is not None:
                    raise AuthenticationFailed(_PARENT_GONE)
            creator = await uow.memberships.get(key.organization_id, key.created_by)
            if creator is None:
                # Removing a member revokes their keys; one that slipped past (made before
                # that rule) is revoked now, so it cannot come back if they rejoin.
                key.revoke(now)
                await uow.api_keys.save(key)
                await uow.commit()
                raise AuthenticationFailed(_CREATOR_GONE)
        except AuthenticationFailed as exc:
            rejected = exc.message
        else:
            principal = Principal.for_api_key(key, creator)
            if key.note_use(now):
                await uow.api_keys.save(key)
                await uow.commit()
    if principal is None:
        # after the lookup's transaction ended: SQLite would not let a second one write
        reason = rejected or _MISMATCH
        await _audit_rejection(ctx, key, reason, ids=ids, clock=clock)
        # whoever holds the right secret may learn the key expired or was revoked; others not
        matched = reason != _MISMATCH
        raise AuthenticationFailed(reason if matched else "invalid API key")
    return principal


async def _audit_rejection(
    ctx: Context, key: ApiKey, reason: str, *, ids: IdGenerator, clock: Clock
) -> None:
    await record_auth_failure(
        ctx,
        AuthAction.API_KEY_REJECTED,
        organization_ids=[key.organization_id],
        resource_type="api_key",
        resource_id=key.id,
        actor=Actor(ActorType.ANONYMOUS),
        details={"reason": reason, "name": key.name, "public_id": key.public_id},
        ids=ids,
        clock=clock,
    )
