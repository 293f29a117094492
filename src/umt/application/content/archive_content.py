"""ArchiveContent: retire a piece (from any status but archived); it takes no more changes."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from umt.application.content.loading import change_content
from umt.application.services import Context
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveContent:
    content_id: UUID
    expected_version: int | None = None


async def archive_content(cmd: ArchiveContent, ctx: Context) -> ContentPiece:
    piece, _ = await change_content(
        ctx,
        cmd.content_id,
        Permission.CONTENT_WRITE,
        lambda p, now: p.archive(now=now, expected_version=cmd.expected_version),
    )
    return piece
