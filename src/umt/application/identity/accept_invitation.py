"""AcceptInvitation: the invitee redeems the mailed token and is signed in (public).

A new email gets an account (a password is required); an email that already has an account
must prove it with that account's password (counted by the sign-in lockout like a sign-in).
An unknown, used, revoked or expired token is one error, and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from umt.application.identity.invite_member import hash_invitation_token
from umt.application.identity.lockout import SignInGuard
from umt.application.identity.passwords import check_new_password
from umt.application.identity.tokens import TokenPair, issue_token_pair
from umt.application.services import Context
from umt.domain.identity.errors import AlreadyMember
from umt.domain.identity.invitation import invalid_invitation
from umt.domain.identity.model import Membership, User
from umt.domain.shared.errors import AuthenticationFailed, InvalidValue
from umt.domain.shared.ids import UserId
from umt.ports.access_tokens import AccessTokens
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.password_hasher import PasswordHasher
from umt.ports.password_strength import PasswordStrength
from umt.ports.sign_in_lockout import SignInLockout


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptInvitation:
    token: str
    password: str | None = None
    display_name: str | None = None


async def accept_invitation(
    cmd: AcceptInvitation,
    ctx: Context,
    *,
    clock: Clock,
    password_hasher: PasswordHasher,
    ids: IdGenerator,
    sign_in_lockout: SignInLockout | None,
    password_strength: PasswordStrength,
    access_tokens: AccessTokens,
    refresh_token_lifetime: timedelta,
) -> TokenPair:
    now = clock.now()
    async with ctx.uow as uow:
        invitation = await uow.invitations.get_by_token_hash(hash_invitation_token(cmd.token))
        if invitation is None or not invitation.is_pending(now):
            raise invalid_invitation()
        user = await uow.users.get_by_email(invitation.email)
        if user is None:
            if cmd.password is None:
                raise InvalidValue("choose a password for your new account", field="password")
            organization = await uow.organizations.get(invitation.organization_id)
            check_new_password(
                ctx,
                cmd.password,
                email=invitation.email,
                organization_name=organization.name if organization else None,
                display_name=cmd.display_name,
                password_strength=password_strength,
            )
            user = User.register(
                id=UserId(ids.new_id()),
                email=invitation.email,
                password_hash=password_hasher.hash(cmd.password),
                display_name=cmd.display_name,
                organization_id=invitation.organization_id,
                now=now,
            )
            await uow.users.add(user)
        else:
            guard = SignInGuard(sign_in_lockout, user.email.value)
            await guard.check()
            if cmd.password is None or not password_hasher.verify(user.password_hash, cmd.password):
                await guard.failed()
                raise AuthenticationFailed(
                    "this email already has an account: give its password to accept"
                )
            await guard.succeeded()
            user.ensure_can_log_in()
            if await uow.memberships.get(invitation.organization_id, user.id) is not None:
                raise AlreadyMember("you are already a member of this organization")
        membership = Membership.grant(
            organization_id=invitation.organization_id,
            user_id=user.id,
            role=invitation.role,
            now=now,
            brand_scope=invitation.brand_scope,
        )
        await uow.memberships.add(membership)
        invitation.accept(user_id=user.id, now=now)
        await uow.invitations.save(invitation)
        pair = await issue_token_pair(
            ctx,
            membership,
            clock=clock,
            access_tokens=access_tokens,
            refresh_token_lifetime=refresh_token_lifetime,
        )
        await uow.commit()
    return pair
