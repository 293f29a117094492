"""SubmitForReview: a draft goes to review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content import inputs
from umt.application.content.loading import change_content
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitForReview:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="content.submit", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    agent: str | None = None
    expected_version: int | None = None


async def submit_for_review(cmd: SubmitForReview, ctx: Context, *, clock: Clock) -> ContentPiece:
    by = inputs.author(ctx.actor(), cmd.agent)
    piece, _ = await change_content(
        ctx,
        clock,
        cmd.content_id,
        SubmitForReview.use_case.permission,
        lambda p, now: p.submit_for_review(by=by, now=now, expected_version=cmd.expected_version),
    )
    return piece
