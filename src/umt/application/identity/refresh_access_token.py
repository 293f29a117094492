"""RefreshAccessToken: redeem a refresh token for a new pair (the old one is spent)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from umt.application.audit.auth_events import AuthAction, record_auth_event, user_actor
from umt.application.identity.tokens import TokenPair, hash_refresh_token, issue_token_pair
from umt.application.services import Context
from umt.domain.audit.entry import Actor
from umt.domain.identity.model import RefreshToken
from umt.domain.shared.errors import AuthenticationFailed
from umt.domain.shared.ids import OrganizationId
from umt.ports.access_tokens import AccessTokens
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.session_revocations import SessionRevocations
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger("umt.identity")


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshAccessToken:
    """Redeem ``refresh_token``; with ``organization_id``, the new pair is for that organization
    of the same user (switching organization needs the live session, not the password)."""

    refresh_token: str
    organization_id: UUID | None = None


async def refresh_access_token(
    cmd: RefreshAccessToken,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    access_tokens: AccessTokens,
    refresh_token_lifetime: timedelta,
    session_revocations: SessionRevocations,
) -> TokenPair:
    """A new pair for a redeemable refresh token. The token is spent in one conditional step
    (``RefreshTokenRepository.spend``), so of concurrent refreshes with one token exactly one
    wins; the others presented a spent token, which is reuse: the whole family ends."""
    now = clock.now()
    token_hash = hash_refresh_token(cmd.refresh_token)
    async with ctx.uow as uow:
        stored = await uow.refresh_tokens.get(token_hash)
        if stored is None or not await uow.refresh_tokens.spend(token_hash, now):
            # Read again: a concurrent refresh may have spent it meanwhile (spend waited for
            # its commit), which is reuse exactly like a token spent long ago.
            stored = await uow.refresh_tokens.get(token_hash) if stored else None
            if stored is not None and stored.used_at is not None and stored.revoked_at is None:
                await _end_family(
                    ctx,
                    uow,
                    stored,
                    now,
                    session_revocations=session_revocations,
                    ids=ids,
                    clock=clock,
                )
            raise AuthenticationFailed("refresh token is invalid, expired or already used")
        organization = (
            stored.organization_id
            if cmd.organization_id is None
            else OrganizationId(cmd.organization_id)
        )
        membership = await uow.memberships.get(organization, stored.user_id)
        user = await uow.users.get(stored.user_id)
        if membership is None or user is None:
            # nothing is committed: the presented token stays redeemable
            raise AuthenticationFailed(
                "the membership behind this token no longer exists"
                if organization == stored.organization_id
                else "not a member of that organization"
            )
        user.ensure_can_log_in()
        pair = await issue_token_pair(
            ctx,
            membership,
            family_id=stored.family_id,
            clock=clock,
            access_tokens=access_tokens,
            refresh_token_lifetime=refresh_token_lifetime,
        )
        await record_auth_event(
            uow,
            ctx,
            AuthAction.TOKEN_REFRESHED,
            organization_id=organization,
            resource_type="user",
            resource_id=stored.user_id,
            actor=user_actor(stored.user_id),
            details=(
                None
                if organization == stored.organization_id
                else {"switched_from": str(stored.organization_id)}
            ),
            ids=ids,
            clock=clock,
        )
        await uow.commit()
    return pair


async def _end_family(
    ctx: Context,
    uow: UnitOfWork,
    spent: RefreshToken,
    now: datetime,
    *,
    session_revocations: SessionRevocations,
    ids: IdGenerator,
    clock: Clock,
) -> None:
    """A spent token presented again: it was copied. Whoever holds its successor may be the
    thief, so the whole family (every session of that sign-in) ends now."""
    revoked = await uow.refresh_tokens.revoke_family(spent.family_id, now)
    await record_auth_event(
        uow,
        ctx,
        AuthAction.REFRESH_TOKEN_REUSE,
        organization_id=spent.organization_id,
        resource_type="user",
        resource_id=spent.user_id,
        actor=Actor.anonymous(),
        details={"family_id": spent.family_id, "revoked": revoked},
        ids=ids,
        clock=clock,
    )
    await uow.commit()
    log.warning("refresh token reuse: family revoked", extra={"tokens": revoked})
    # the thief's access token too, not only its refresh token
    await session_revocations.revoke([spent.family_id])
