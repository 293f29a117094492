"""The caller's sessions (live sign-ins) and revoking them all.

A sign-in is a family of refresh tokens, each redeemed for the next; it is live while its
newest token can still be redeemed. Revoking ends refreshes and the access tokens already issued at
once: their ``sid`` is written to the SessionRevocations that every request checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from umt.application.audit.auth_events import AuthAction, record_auth_event
from umt.application.services import Context
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.session_revocations import SessionRevocations


@dataclass(frozen=True, slots=True)
class ListSessions:
    pass


@dataclass(frozen=True, slots=True)
class SessionView:
    id: str  # the sign-in (refresh-token family)
    organization_id: UUID
    last_refreshed_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class RevokeAllSessions:
    pass


async def list_sessions(query: ListSessions, ctx: Context, *, clock: Clock) -> list[SessionView]:
    actor = ctx.actor()
    actor.require_user()
    async with ctx.uow as uow:
        live = await uow.refresh_tokens.live_for_user(actor.user_id, clock.now())
    return [
        SessionView(
            id=token.family_id,
            organization_id=token.organization_id,
            last_refreshed_at=token.issued_at,
            expires_at=token.expires_at,
        )
        for token in live
    ]


async def revoke_all_sessions(
    cmd: RevokeAllSessions,
    ctx: Context,
    *,
    clock: Clock,
    session_revocations: SessionRevocations,
    ids: IdGenerator,
) -> int:
    """Every sign-in of the caller, in every organization; how many tokens were live."""
    actor = ctx.actor()
    actor.require_user()
    now = clock.now()
    async with ctx.uow as uow:
        families = {t.family_id for t in await uow.refresh_tokens.live_for_user(actor.user_id, now)}
        revoked = await uow.refresh_tokens.revoke_all_for_user(actor.user_id, now)
        await record_auth_event(
            uow,
            ctx,
            AuthAction.SESSIONS_REVOKED,
            organization_id=actor.organization_id,
            resource_type="user",
            resource_id=actor.user_id,
            details={"revoked": revoked},
            ids=ids,
            clock=clock,
        )
        await uow.commit()
    # after the commit: should this write fail (503), a retry finds the same live families no
    # longer live, so the caller's own token (refused from then on) is the one that is sure
    await session_revocations.revoke(families)
    return revoked
