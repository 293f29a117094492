"""TransferOwnership: the calling owner hands the organization to another member, who becomes
an owner (of every brand) while the caller becomes an admin (organization:manage, owners only).

Both members' sign-ins end, so neither keeps a token with the old role.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from umt.application.identity.access import end_sign_ins
from umt.application.services import Context
from umt.domain.identity.errors import OwnerRoleReserved
from umt.domain.identity.members import transfer_ownership as transfer
from umt.domain.identity.model import Membership
from umt.domain.identity.permissions import Permission, Role
from umt.domain.shared.errors import AuthenticationFailed, NotFound
from umt.domain.shared.ids import UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferOwnership:
    user_id: UUID


async def transfer_ownership(cmd: TransferOwnership, ctx: Context) -> Membership:
    """The successor's membership, now an owner's."""
    actor = ctx.actor()
    actor.require(Permission.ORGANIZATION_MANAGE)
    now = ctx.services.clock.now()
    ended: set[str] = set()
    async with ctx.uow as uow:
        current = await uow.memberships.get(actor.organization_id, actor.user_id)
        if current is None:
            raise AuthenticationFailed("the membership behind this token no longer exists")
        if current.role is not Role.OWNER:  # the token may predate a demotion
            raise OwnerRoleReserved("only an owner can transfer ownership")
        successor = await uow.memberships.get(actor.organization_id, UserId(cmd.user_id))
        if successor is None:
            raise NotFound(f"member {cmd.user_id} not found")
        transfer(current, successor, now=now)
        await uow.memberships.save(successor)
        await uow.memberships.save(current)
        ended |= await end_sign_ins(uow, successor.user_id, now)
        ended |= await end_sign_ins(uow, current.user_id, now)
        await uow.commit()
    await ctx.services.session_revocations.revoke(ended)  # their tokens stop now
    return successor
