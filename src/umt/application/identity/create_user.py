"""CreateUser: an operator creates a user, in a new or an existing organization, with a role.

Operators act through the CLI with direct access to the deployment; there is no principal, and
so no one to hide from whether an email is taken (Register, which is public, does hide it).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from umt.application.identity.enrolment import enrol
from umt.application.identity.passwords import check_new_password
from umt.application.services import Context
from umt.domain.identity.model import Membership, Organization
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.values import Email
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.password_hasher import PasswordHasher
from umt.ports.password_strength import PasswordStrength


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateUser:
    email: str
    password: str
    role: Role = Role.OWNER
    organization_id: UUID | None = None
    organization_name: str | None = None
    display_name: str | None = None


async def create_user(
    cmd: CreateUser,
    ctx: Context,
    *,
    ids: IdGenerator,
    clock: Clock,
    password_hasher: PasswordHasher,
    password_strength: PasswordStrength,
) -> Membership:
    email = Email(cmd.email)
    async with ctx.uow as uow:
        if cmd.organization_id is not None:
            org = await uow.organizations.get(OrganizationId(cmd.organization_id))
            if org is None:
                raise NotFound(f"organization {cmd.organization_id} not found")
        else:
            org = Organization.create(
                id=OrganizationId(ids.new_id()),
                name=cmd.organization_name or email.value,
                now=clock.now(),
            )
            await uow.organizations.add(org)
        check_new_password(
            ctx,
            cmd.password,
            email=email,
            organization_name=org.name,
            display_name=cmd.display_name,
            password_strength=password_strength,
        )
        _, membership = await enrol(
            ctx,
            uow,
            email=email,
            password_hash=password_hasher.hash(cmd.password),
            display_name=cmd.display_name,
            organization=org,
            role=cmd.role,
            clock=clock,
            ids=ids,
        )
        await uow.commit()
    return membership
