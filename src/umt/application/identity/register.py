"""Register: a new user founds a new organization and becomes its owner (public).

Whether an email already has an account is not told to the caller. A taken email gets the
same outcome over HTTP, after the same work (the password is checked and hashed either way,
and one mail goes out after the transaction): a new account's owner is welcomed, a taken
email's owner is told that someone tried to register with it. Neither mail carries text the
caller chose, since anyone can make umt send them to any address.
"""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.identity.enrolment import enrol
from umt.application.identity.mailing import deliver
from umt.application.identity.passwords import check_new_password
from umt.application.services import Context
from umt.domain.identity.model import Membership, Organization, User
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.values import Email
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.mail_sender import MailSender, OutboundMail
from umt.ports.password_hasher import PasswordHasher
from umt.ports.password_strength import PasswordStrength


@dataclass(frozen=True, slots=True, kw_only=True)
class Register:
    email: str
    password: str
    organization_name: str
    display_name: str | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    user: User
    organization: Organization
    membership: Membership


@dataclass(frozen=True, slots=True)
class RegistrationReceived:
    """What registering did. ``account`` is None when the email already had one (its owner
    was mailed, nothing was created). In-process callers may look; the HTTP API answers the
    same for both, from ``email`` alone."""

    email: Email
    account: Registration | None


async def register(
    cmd: Register,
    ctx: Context,
    *,
    ids: IdGenerator,
    clock: Clock,
    password_hasher: PasswordHasher,
    public_base_url: str,
    password_strength: PasswordStrength,
    mail_sender: MailSender,
) -> RegistrationReceived:
    email = Email(cmd.email)
    # every refusal comes before the email is looked up, so it cannot depend on it
    check_new_password(
        ctx,
        cmd.password,
        email=email,
        organization_name=cmd.organization_name,
        display_name=cmd.display_name,
        password_strength=password_strength,
    )
    org = Organization.create(
        id=OrganizationId(ids.new_id()),
        name=cmd.organization_name,
        now=clock.now(),
    )
    password_hash = password_hasher.hash(cmd.password)  # in both paths
    account: Registration | None = None
    owner = email  # a taken email's mail goes to the account's address as it was registered
    try:
        async with ctx.uow as uow:
            existing = await uow.users.get_by_email(email)
            if existing is not None:
                owner = existing.email
            else:
                await uow.organizations.add(org)  # first: users and memberships refer to it
                user, membership = await enrol(
                    ctx,
                    uow,
                    email=email,
                    password_hash=password_hash,
                    display_name=cmd.display_name,
                    organization=org,
                    role=Role.OWNER,
                    clock=clock,
                    ids=ids,
                )
                await uow.commit()
                account = Registration(user=user, organization=org, membership=membership)
    except Conflict:
        account = None  # registered by a concurrent request since the look-up: taken
    base_url = public_base_url.rstrip("/")
    mail = welcome_mail(email, base_url) if account else taken_mail(owner, base_url)
    await deliver(ctx, mail, what="registration", mail_sender=mail_sender)
    return RegistrationReceived(email=email, account=account)


def welcome_mail(email: Email, base_url: str) -> OutboundMail:
    text = (
        "Your umt account and organization are ready.\n\n"
        f"Sign in at {base_url} with this email address and the password you chose.\n\n"
        "If you did not register, someone else used your address: write to the"
        " administrator of this umt so that the account is removed.\n"
    )
    return OutboundMail(to=email.value, subject="Welcome to umt", text=text)


def taken_mail(email: Email, base_url: str) -> OutboundMail:
    text = (
        "Someone tried to register a new umt account with this email address, which"
        " already has an account. Nothing was changed.\n\n"
        f"If it was you, sign in at {base_url} with your existing password; an owner or"
        " admin can invite you to another organization.\n\n"
        "If it was not you, you can ignore this mail.\n"
    )
    return OutboundMail(to=email.value, subject="A registration with your email address", text=text)
