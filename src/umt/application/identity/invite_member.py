"""InviteMember: invite someone by email with a role and optionally a set of brands
(members:manage); the token goes out by mail once the invitation is committed.

Inviting an email with a pending invitation replaces its token (the old link stops working);
inviting a member is a conflict; only owners in person invite owners, giving their password
again (never an API key). The token is never returned, logged or stored: only its SHA-256 is
kept, and only the invitee's mailbox sees it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import ClassVar
from uuid import UUID

from umt.application.identity.access import acting_authority, parse_brand_scope, parse_role
from umt.application.identity.mailing import deliver
from umt.application.identity.reauthentication import reauthenticate
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.errors import AlreadyMember
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.members import ensure_may_grant
from umt.domain.identity.permissions import Permission, Role
from umt.domain.shared.values import Email
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.mail_sender import MailSender, OutboundMail
from umt.ports.password_hasher import PasswordHasher
from umt.ports.sign_in_lockout import SignInLockout

INVITATION_TOKEN_PREFIX = "umti_"  # noqa: S105  # marks leaked tokens as ours, not a secret


def hash_invitation_token(token: str) -> str:
    """256 random bits need no salt or slow hash (as for refresh tokens)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteMember:
    use_case: ClassVar = UseCase(Permission.MEMBERS_MANAGE)
    email: str
    role: str
    brand_ids: Sequence[UUID | str] | None = None  # None: every brand
    # the inviting owner's own password, required to invite an owner (docs/security.md)
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class InvitationSentResult:
    invitation: Invitation
    mail_sent: bool  # False: stored, but the mail could not be handed over (re-invite later)


async def invite_member(
    cmd: InviteMember,
    ctx: Context,
    *,
    clock: Clock,
    invitation_lifetime: timedelta,
    ids: IdGenerator,
    public_base_url: str,
    mail_sender: MailSender,
    sign_in_lockout: SignInLockout | None,
    password_hasher: PasswordHasher,
) -> InvitationSentResult:
    actor = ctx.actor()
    actor.require(InviteMember.use_case.permission)
    email = Email(cmd.email)
    role = parse_role(cmd.role)
    now = clock.now()
    token = INVITATION_TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = now + invitation_lifetime
    async with ctx.uow as uow:
        authority = await acting_authority(uow, actor, InviteMember.use_case.permission)
        if role is Role.OWNER:
            authority = await reauthenticate(
                ctx,
                uow,
                actor,
                authority,
                cmd.password,
                sign_in_lockout=sign_in_lockout,
                password_hasher=password_hasher,
            )
        ensure_may_grant(authority, role)
        scope = await parse_brand_scope(uow, actor, cmd.brand_ids)
        user = await uow.users.get_by_email(email)
        if user is not None and await uow.memberships.get(actor.organization_id, user.id):
            raise AlreadyMember(f"{email.value} is already a member", field="email")
        invitation = await uow.invitations.pending_for_email(actor.organization_id, email, now)
        if invitation is not None:
            invitation.renew(
                role=role,
                brand_scope=scope,
                token_hash=hash_invitation_token(token),
                invited_by=actor.user_id,
                now=now,
                expires_at=expires_at,
            )
            await uow.invitations.save(invitation)
        else:
            invitation = Invitation.send(
                id=ids.new_id(),
                organization_id=actor.organization_id,
                email=email,
                role=role,
                brand_scope=scope,
                token_hash=hash_invitation_token(token),
                invited_by=actor.user_id,
                now=now,
                expires_at=expires_at,
            )
            await uow.invitations.add(invitation)
        organization = await uow.organizations.get(actor.organization_id)
        inviter = await uow.users.get(actor.user_id)
        await uow.commit()
    # after the commit: a rolled-back invitation sends nothing
    mail = invitation_mail(
        invitation,
        token,
        base_url=public_base_url,
        organization=organization.name if organization else "an organization",
        inviter=inviter.display_name if inviter else "A colleague",
    )
    return InvitationSentResult(
        invitation, await deliver(ctx, mail, what="invitation", mail_sender=mail_sender)
    )


def accept_link(base_url: str, token: str) -> str:
    """The token rides in the fragment: browsers send it neither to servers nor as Referer,
    so it stays out of access logs; the page posts it to /api/v1/invitations/accept."""
    return f"{base_url.rstrip('/')}/accept-invitation#token={token}"


def invitation_mail(
    invitation: Invitation, token: str, *, base_url: str, organization: str, inviter: str
) -> OutboundMail:
    link = accept_link(base_url, token)
    days = max(1, round((invitation.expires_at - invitation.created_at).total_seconds() / 86400))
    text = (
        f"{inviter} invited you to join {organization} on umt as {invitation.role.value}.\n\n"
        f"Accept the invitation: {link}\n\n"
        f"The link works once and expires in {days} days. "
        "If you did not expect this mail, ignore it.\n"
    )
    return OutboundMail(
        to=invitation.email.value, subject=f"You are invited to {organization} on umt", text=text
    )
