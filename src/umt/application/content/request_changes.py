"""RequestChanges: a reviewer sends a piece in review back, with a reason (content:approve)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.loading import change_content
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.content.piece import ContentPiece
from umt.domain.content.version import Author
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestChanges:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_APPROVE, task="content.request_changes", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    reason: str
    expected_version: int | None = None


async def request_changes(cmd: RequestChanges, ctx: Context, *, clock: Clock) -> ContentPiece:
    by = Author.user(ctx.actor().user_id)
    piece, _ = await change_content(
        ctx,
        clock,
        cmd.content_id,
        RequestChanges.use_case.permission,
        lambda p, now: p.request_changes(
            cmd.reason, by=by, now=now, expected_version=cmd.expected_version
        ),
    )
    return piece
