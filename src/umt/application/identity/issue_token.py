"""IssueToken: exchange email and password for an access and refresh token."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from uuid import UUID

from umt.application.audit.auth_events import (
    AuthAction,
    record_auth_event,
    record_auth_failure,
    user_actor,
)
from umt.application.identity.tokens import TokenPair, issue_token_pair
from umt.application.services import Context
from umt.domain.audit.entry import Actor
from umt.domain.shared.errors import AuthenticationFailed, InvalidValue
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.values import Email

log = logging.getLogger("umt.identity")

# Verified when the email is unknown, so the response time does not reveal which emails exist.
_DUMMY_HASH = (  # a real Argon2id hash of a throwaway string, same cost as real ones
    "$argon2id$v=19$m=47104,t=1,p=1$YQmztBFiImXgaBB0EKjIyA$"
    "A9bqHPGJmw7c1j7zHHSLza7e48P5B89qboN3qgSDCoQ"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueToken:
    email: str
    password: str = field(repr=False)  # never in a log line or a traceback
    organization_id: UUID | None = None


async def issue_token(cmd: IssueToken, ctx: Context) -> TokenPair:
    """Tokens for a member; every sign-in, and every failed attempt, is audited."""
    try:
        return await _issue_token(cmd, ctx)
    except AuthenticationFailed as exc:
        await _audit_failure(cmd, ctx, exc.message)
        raise


async def _audit_failure(cmd: IssueToken, ctx: Context, reason: str) -> None:
    """In a transaction of its own: the attempt's rolled back. The entry goes to every
    organization the named user belongs to (their admins watch for guessing); an unknown
    email belongs to no organization. The password is never part of it."""
    user_id: UUID | None = None
    organizations: list[UUID | None] = [None]
    try:
        email: Email | None = Email(cmd.email)
    except InvalidValue:
        email = None
    if email is not None:
        try:
            async with ctx.separate_uow() as uow:
                user = await uow.users.get_by_email(email)
                if user is not None:
                    user_id = user.id
                    organizations = [
                        m.organization_id for m in await uow.memberships.for_user(user.id)
                    ]
        except Exception:  # the caller gets its 401 all the same; the entry has less
            log.exception("could not look up the user of a failed sign-in")
    await record_auth_failure(
        ctx,
        AuthAction.SIGN_IN_FAILED,
        organization_ids=organizations or [None],
        resource_type="user",
        resource_id=user_id,
        actor=Actor.anonymous(),
        details={"email": cmd.email[:320], "reason": reason},
    )


async def _issue_token(cmd: IssueToken, ctx: Context) -> TokenPair:
    failure = AuthenticationFailed("invalid email or password")
    try:
        email = Email(cmd.email)
    except InvalidValue:
        raise failure from None
    hasher = ctx.services.password_hasher
    async with ctx.uow as uow:
        user = await uow.users.get_by_email(email)
        if user is None:
            hasher.verify(_DUMMY_HASH, cmd.password)
            raise failure
        if not hasher.verify(user.password_hash, cmd.password):
            raise failure
        user.ensure_can_log_in()
        memberships = await uow.memberships.for_user(user.id)
        if cmd.organization_id is not None:
            memberships = [
                m for m in memberships if m.organization_id == OrganizationId(cmd.organization_id)
            ]
        if not memberships:
            raise AuthenticationFailed("not a member of that organization")
        if hasher.needs_rehash(user.password_hash):
            user.password_hash = hasher.hash(cmd.password)
            await uow.users.save(user)
        pair = await issue_token_pair(ctx, memberships[0])
        await record_auth_event(
            uow,
            ctx,
            AuthAction.SIGNED_IN,
            organization_id=memberships[0].organization_id,
            resource_type="user",
            resource_id=user.id,
            actor=user_actor(user.id),
        )
        await uow.commit()
    return pair
