"""RevokeInvitation: withdraw a pending invitation; its token stops working (members:manage)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.identity.access import acting_authority
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokeInvitation:
    use_case: ClassVar = UseCase(Permission.MEMBERS_MANAGE)
    invitation_id: UUID


async def revoke_invitation(cmd: RevokeInvitation, ctx: Context, *, clock: Clock) -> None:
    actor = ctx.actor()
    actor.require(RevokeInvitation.use_case.permission)
    now = clock.now()
    async with ctx.uow as uow:
        await acting_authority(uow, actor, RevokeInvitation.use_case.permission)
        invitation = await uow.invitations.get(actor.organization_id, cmd.invitation_id)
        if invitation is None or not invitation.is_pending(now):
            # another tenant's, accepted, revoked or expired: nothing pending to withdraw
            raise NotFound(f"invitation {cmd.invitation_id} not found")
        invitation.revoke(revoked_by=actor.user_id, now=now)
        await uow.invitations.save(invitation)
        await uow.commit()
