"""ListInvitations: the organization's pending invitations (members:manage)."""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.services import Context
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True)
class ListInvitations:
    pass


async def list_invitations(query: ListInvitations, ctx: Context) -> list[Invitation]:
    """Newest first; accepted, revoked and expired ones are not listed."""
    actor = ctx.actor()
    actor.require(Permission.MEMBERS_MANAGE)
    async with ctx.uow as uow:
        return await uow.invitations.pending(actor.organization_id, ctx.services.clock.now())
