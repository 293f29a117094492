"""RemoveMember: take a member out of the organization (members:manage).

Their sign-ins end at once, their API keys in the organization are revoked, and they can no
longer sign in to it. Admins (and API keys) remove anyone but owners; the last owner cannot
be removed, not even by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.identity.access import acting_authority, end_sign_ins
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.members import ensure_keeps_an_owner, ensure_may_manage
from umt.domain.identity.permissions import Permission, Role
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import UserId
from umt.ports.clock import Clock
from umt.ports.session_revocations import SessionRevocations


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveMember:
    use_case: ClassVar = UseCase(Permission.MEMBERS_MANAGE)
    user_id: UUID


async def remove_member(
    cmd: RemoveMember, ctx: Context, *, clock: Clock, session_revocations: SessionRevocations
) -> None:
    actor = ctx.actor()
    actor.require(RemoveMember.use_case.permission)
    now = clock.now()
    ended: set[str] = set()
    async with ctx.uow as uow:
        authority = await acting_authority(uow, actor, RemoveMember.use_case.permission)
        member = await uow.memberships.get(actor.organization_id, UserId(cmd.user_id))
        if member is None:
            raise NotFound(f"member {cmd.user_id} not found")
        ensure_may_manage(authority, member, None)
        owners = await uow.memberships.count_with_role(actor.organization_id, Role.OWNER)
        ensure_keeps_an_owner(owners, member, None)
        member.remove(removed_by=actor.user_id, now=now)
        await uow.memberships.remove(member)
        ended |= await end_sign_ins(uow, member.user_id, now)
        # a key acts for its creator: one who left the organization leaves no key behind
        for key in await uow.api_keys.for_creator(actor.organization_id, member.user_id):
            key.revoke(now)
            await uow.api_keys.save(key)
        await uow.commit()

    await session_revocations.revoke(ended)  # their tokens stop now
