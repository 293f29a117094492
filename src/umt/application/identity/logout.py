"""Logout: end the sign-in a refresh token belongs to (every token of its family)."""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.audit.auth_events import AuthAction, record_auth_event, user_actor
from umt.application.identity.tokens import hash_refresh_token
from umt.application.services import Context
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.session_revocations import SessionRevocations


@dataclass(frozen=True, slots=True, kw_only=True)
class Logout:
    refresh_token: str


async def logout(
    cmd: Logout,
    ctx: Context,
    *,
    clock: Clock,
    session_revocations: SessionRevocations,
    ids: IdGenerator,
) -> None:
    """Idempotent and silent: an unknown or already revoked token changes nothing and says
    nothing (whether a token exists is not something to reveal)."""
    async with ctx.uow as uow:
        stored = await uow.refresh_tokens.get(hash_refresh_token(cmd.refresh_token))
        if stored is None:
            return
        await uow.refresh_tokens.revoke_family(stored.family_id, clock.now())
        await record_auth_event(
            uow,
            ctx,
            AuthAction.LOGGED_OUT,
            organization_id=stored.organization_id,
            resource_type="user",
            resource_id=stored.user_id,
            actor=user_actor(stored.user_id),
            ids=ids,
            clock=clock,
        )
        await uow.commit()
    # after the commit: should this write fail (503), the logout is retried and writes again
    await session_revocations.revoke([stored.family_id])
