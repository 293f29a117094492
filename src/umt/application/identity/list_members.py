"""ListMembers: the organization's members with their role and brand scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission, Role


@dataclass(frozen=True, slots=True)
class ListMembers:
    use_case: ClassVar = UseCase(Permission.MEMBERS_READ)
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberView:
    user_id: UUID
    email: str
    display_name: str
    role: Role
    brand_ids: list[UUID] | None  # None: every brand
    joined_at: datetime


async def list_members(query: ListMembers, ctx: Context) -> list[MemberView]:
    """Oldest member first; two queries whatever the size of the organization."""
    actor = ctx.actor()
    actor.require(ListMembers.use_case.permission)
    async with ctx.uow as uow:
        memberships = await uow.memberships.for_organization(actor.organization_id)
        users = {u.id: u for u in await uow.users.get_many([m.user_id for m in memberships])}
    return [
        MemberView(
            user_id=m.user_id,
            email=users[m.user_id].email.value,
            display_name=users[m.user_id].display_name,
            role=m.role,
            brand_ids=None if m.brand_scope is None else sorted(m.brand_scope),
            joined_at=m.created_at,
        )
        for m in memberships
        if m.user_id in users
    ]
