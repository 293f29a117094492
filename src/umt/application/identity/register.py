"""Register: a new user founds a new organization and becomes its owner."""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.services import Context
from umt.domain.identity.model import Membership, Organization, User, check_password_policy
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import OrganizationId, UserId
from umt.domain.shared.values import Email


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


async def register(cmd: Register, ctx: Context) -> Registration:
    email = Email(cmd.email)
    check_password_policy(cmd.password)
    now = ctx.services.clock.now()
    async with ctx.uow as uow:
        if await uow.users.get_by_email(email) is not None:
            raise Conflict("this email is already registered", field="email")
        org = Organization.create(
            id=OrganizationId(ctx.services.ids.new_id()), name=cmd.organization_name, now=now
        )
        user = User.register(
            id=UserId(ctx.services.ids.new_id()),
            email=email,
            password_hash=ctx.services.password_hasher.hash(cmd.password),
            display_name=cmd.display_name,
            organization_id=org.id,
            now=now,
        )
        membership = Membership.grant(
            organization_id=org.id, user_id=user.id, role=Role.OWNER, now=now
        )
        await uow.organizations.add(org)
        await uow.users.add(user)
        await uow.memberships.add(membership)
        await uow.commit()
    return Registration(user=user, organization=org, membership=membership)
