"""ListInvitations: the organization's pending invitations (members:manage)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True)
class ListInvitations:
    use_case: ClassVar = UseCase(Permission.MEMBERS_MANAGE)
    pass


async def list_invitations(
    query: ListInvitations, ctx: Context, *, clock: Clock
) -> list[Invitation]:
    """Newest first; accepted, revoked and expired ones are not listed."""
    actor = ctx.actor()
    actor.require(ListInvitations.use_case.permission)
    async with ctx.uow as uow:
        return await uow.invitations.pending(actor.organization_id, clock.now())
