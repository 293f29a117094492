"""ArchiveContent: retire a piece (from any status but archived); it takes no more changes."""

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
class ArchiveContent:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_WRITE, task="content.archive", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    expected_version: int | None = None


async def archive_content(cmd: ArchiveContent, ctx: Context, *, clock: Clock) -> ContentPiece:
    piece, _ = await change_content(
        ctx,
        clock,
        cmd.content_id,
        ArchiveContent.use_case.permission,
        lambda p, now: p.archive(now=now, expected_version=cmd.expected_version),
    )
    return piece
