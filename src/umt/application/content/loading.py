"""Loading pieces for the current tenant: absence, another tenant and a brand outside the
member's scope all read as NotFound."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from umt.application.principal import Principal
from umt.application.services import Context
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import ContentId
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

T = TypeVar("T")


async def load_content(uow: UnitOfWork, actor: Principal, content_id: UUID) -> ContentPiece:
    piece = await uow.content.get(actor.organization_id, ContentId(content_id))
    if piece is None or not actor.can_access_brand(piece.brand_id):
        raise NotFound(f"content {content_id} not found")
    return piece


async def change_content(
    ctx: Context,
    clock: Clock,
    content_id: UUID,
    permission: Permission,
    change: Callable[[ContentPiece, datetime], T],
) -> tuple[ContentPiece, T]:
    """The shape of most changes to a piece: check the permission, load it in the actor's
    organization and brand scope, apply ``change(piece, now)``, save, commit."""
    actor = ctx.actor()
    actor.require(permission)
    async with ctx.uow as uow:
        piece = await load_content(uow, actor, content_id)
        result = change(piece, clock.now())
        await uow.content.save(piece)
        await uow.commit()
    return piece, result
