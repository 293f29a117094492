"""Enrolment: a new user with a password and a membership, shared by Register and CreateUser."""

from __future__ import annotations

from umt.application.services import Context
from umt.domain.identity.model import Membership, Organization, User
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import UserId
from umt.domain.shared.values import Email
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork


async def enrol(
    ctx: Context,
    uow: UnitOfWork,
    *,
    email: Email,
    password_hash: str,
    display_name: str | None,
    organization: Organization,
    role: Role,
    clock: Clock,
    ids: IdGenerator,
) -> tuple[User, Membership]:
    """Add a user (email unique, password checked and hashed by the caller) as a member of
    ``organization``."""
    if await uow.users.get_by_email(email) is not None:
        raise Conflict("this email is already registered", field="email")
    now = clock.now()
    user = User.register(
        id=UserId(ids.new_id()),
        email=email,
        password_hash=password_hash,
        display_name=display_name,
        organization_id=organization.id,
        now=now,
    )
    membership = Membership.grant(
        organization_id=organization.id, user_id=user.id, role=role, now=now
    )
    await uow.users.add(user)
    await uow.memberships.add(membership)
    return user, membership
