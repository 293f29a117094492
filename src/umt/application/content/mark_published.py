"""MarkPublished: an approved or scheduled piece went out (the publishing agent's step;
needs content:approve)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.loading import change_content
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkPublished:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_APPROVE, task="content.mark_published", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    expected_version: int | None = None


async def mark_published(cmd: MarkPublished, ctx: Context, *, clock: Clock) -> ContentPiece:
    piece, _ = await change_content(
        ctx,
        clock,
        cmd.content_id,
        MarkPublished.use_case.permission,
        lambda p, now: p.mark_published(now=now, expected_version=cmd.expected_version),
    )
    return piece
