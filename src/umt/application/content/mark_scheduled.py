"""MarkScheduled: an approved piece is scheduled for publication (the publishing agent's
step; needs content:approve). ``at`` must be timezone-aware."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.loading import change_content
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkScheduled:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_APPROVE, task="content.mark_scheduled", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    at: datetime | str
    expected_version: int | None = None


def _when(value: datetime | str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidValue("at must be an ISO 8601 timestamp", field="at") from None
    if value.tzinfo is None:
        raise InvalidValue("at needs a time zone", field="at")
    return value


async def mark_scheduled(cmd: MarkScheduled, ctx: Context, *, clock: Clock) -> ContentPiece:
    at = _when(cmd.at)
    piece, _ = await change_content(
        ctx,
        clock,
        cmd.content_id,
        MarkScheduled.use_case.permission,
        lambda p, now: p.mark_scheduled(at=at, now=now, expected_version=cmd.expected_version),
    )
    return piece
