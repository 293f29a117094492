"""IssueToken: exchange email and password for an access and refresh token.

An unknown email and a wrong password are answered alike: the same error, after the same
work (a dummy hash is verified for an unknown email), and they count alike towards the
email's lockout (see lockout.py), which is checked before any look-up.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from umt.application.audit.auth_events import (
    AuthAction,
    record_auth_event,
    record_auth_failure,
    user_actor,
)
from umt.application.identity.lockout import SignInGuard
from umt.application.identity.tokens import TokenPair, issue_token_pair
from umt.application.services import Context
from umt.domain.audit.entry import Actor
from umt.domain.shared.errors import AuthenticationFailed, InvalidValue
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.values import Email
from umt.ports.access_tokens import AccessTokens
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.password_hasher import PasswordHasher
from umt.ports.sign_in_lockout import SignInLockout

log = logging.getLogger("umt.identity")

_dummies: dict[int, tuple[PasswordHasher, str]] = {}


def dummy_hash(hasher: PasswordHasher) -> str:
    """A hash made by the hasher in use, so verifying it costs what verifying a real one
    costs (a fixed string would drift from the configured parameters). Made once per hasher."""
    known = _dummies.get(id(hasher))
    if known is None or known[0] is not hasher:  # the hasher is kept, so its id stays its own
        known = _dummies[id(hasher)] = (hasher, hasher.hash(secrets.token_urlsafe(16)))
    return known[1]


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueToken:
    email: str
    password: str = field(repr=False)  # never in a log line or a traceback
    organization_id: UUID | None = None


async def issue_token(
    cmd: IssueToken,
    ctx: Context,
    *,
    sign_in_lockout: SignInLockout | None,
    password_hasher: PasswordHasher,
    ids: IdGenerator,
    clock: Clock,
    access_tokens: AccessTokens,
    refresh_token_lifetime: timedelta,
) -> TokenPair:
    """Tokens for a member. Every sign-in and every failed attempt is audited; repeated
    failures lock the email out (checked before any look-up)."""
    guard = SignInGuard(sign_in_lockout, cmd.email)
    await guard.check()
    try:
        pair = await _authenticate(
            cmd,
            ctx,
            password_hasher=password_hasher,
            ids=ids,
            clock=clock,
            access_tokens=access_tokens,
            refresh_token_lifetime=refresh_token_lifetime,
        )
    except AuthenticationFailed as exc:
        await guard.failed()
        await _audit_failure(cmd, ctx, exc.message, ids=ids, clock=clock)
        raise
    await guard.succeeded()
    return pair


async def _audit_failure(
    cmd: IssueToken, ctx: Context, reason: str, *, ids: IdGenerator, clock: Clock
) -> None:
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
        ids=ids,
        clock=clock,
    )


async def _authenticate(
    cmd: IssueToken,
    ctx: Context,
    *,
    password_hasher: PasswordHasher,
    ids: IdGenerator,
    clock: Clock,
    access_tokens: AccessTokens,
    refresh_token_lifetime: timedelta,
) -> TokenPair:
    failure = AuthenticationFailed("invalid email or password")
    try:
        email = Email(cmd.email)
    except InvalidValue:
        password_hasher.verify(dummy_hash(password_hasher), cmd.password)
        raise failure from None
    async with ctx.uow as uow:
        user = await uow.users.get_by_email(email)
        if user is None:
            password_hasher.verify(dummy_hash(password_hasher), cmd.password)
            raise failure
        if not password_hasher.verify(user.password_hash, cmd.password):
            raise failure
        user.ensure_can_log_in()
        memberships = await uow.memberships.for_user(user.id)
        if cmd.organization_id is not None:
            memberships = [
                m for m in memberships if m.organization_id == OrganizationId(cmd.organization_id)
            ]
        if not memberships:
            raise AuthenticationFailed("not a member of that organization")
        if password_hasher.needs_rehash(user.password_hash):
            user.password_hash = password_hasher.hash(cmd.password)
            await uow.users.save(user)
        pair = await issue_token_pair(
            ctx,
            memberships[0],
            clock=clock,
            access_tokens=access_tokens,
            refresh_token_lifetime=refresh_token_lifetime,
        )
        await record_auth_event(
            uow,
            ctx,
            AuthAction.SIGNED_IN,
            organization_id=memberships[0].organization_id,
            resource_type="user",
            resource_id=user.id,
            actor=user_actor(user.id),
            ids=ids,
            clock=clock,
        )
        await uow.commit()
    return pair
