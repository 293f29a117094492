"""Register: a new user founds a new organization and becomes its owner."""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.identity.enrolment import enrol
from umt.application.services import Context
from umt.domain.identity.model import Membership, Organization, User, check_password_policy
from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import OrganizationId
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
    check_password_policy(cmd.password)  # before any work: the cheapest refusal first
    async with ctx.uow as uow:
        org = Organization.create(
            id=OrganizationId(ctx.services.ids.new_id()),
            name=cmd.organization_name,
            now=ctx.services.clock.now(),
        )
        await uow.organizations.add(org)  # first: users and memberships refer to it
        user, membership = await enrol(
            ctx,
            uow,
            email=email,
            password=cmd.password,
            display_name=cmd.display_name,
            organization=org,
            role=Role.OWNER,
        )
        await uow.commit()
    return Registration(user=user, organization=org, membership=membership)
