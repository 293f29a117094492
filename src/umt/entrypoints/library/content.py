"""``platform.content``: pieces of content, their versions, review and comments.

Each method runs the same use case as its route under /api/v1/content and /api/v1/brands/{id}/
content, with the session's authorization. ``expected_version`` plays
the part of HTTP's If-Match: a stale one raises ``StaleVersion``. It is required (no default)
where the route requires If-Match (revise), ``None`` meaning
"whatever version is current" as ``If-Match: *`` does; the transitions default it to None.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from umt.application.content.approve_content import ApproveContent
from umt.application.content.archive_content import ArchiveContent
from umt.application.content.comments import (
    AddComment,
    ListComments,
    ReopenComment,
    ResolveComment,
)
from umt.application.content.content_queries import GetContent, ListContent
from umt.application.content.create_content import CreateContent
from umt.application.content.mark_published import MarkPublished
from umt.application.content.mark_scheduled import MarkScheduled
from umt.application.content.request_changes import RequestChanges
from umt.application.content.revise_content import ReviseContent
from umt.application.content.submit_for_review import SubmitForReview
from umt.application.content.version_queries import DiffVersions, GetVersion, ListVersions
from umt.application.content.views import CommentView, ContentPieceView
from umt.application.read_models import page_of
from umt.domain.content.diff import VersionDiff
from umt.domain.content.piece import ContentPiece
from umt.domain.content.review import Comment
from umt.domain.content.version import ContentVersion
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.pagination import Page, PageRequest


class ContentApi(BusApi):
    """Pieces of content, their versions, review workflow and comment threads."""

    async def _piece(self, session: Session, message: object) -> ContentPieceView:
        return ContentPieceView.from_aggregate(await self._ask(session, message, ContentPiece))

    async def _comment(self, session: Session, message: object) -> CommentView:
        return CommentView.from_entity(await self._ask(session, message, Comment))

    async def create(  # one keyword per field of the piece
        self,
        session: Session,
        brand_id: UUID,
        *,
        content_type: str,
        channel: str,
        title: str = "",
        body: str = "",
        fields: Mapping[str, Any] | None = None,
        locale: str = "en",
        project_id: UUID | None = None,
        media: Sequence[Mapping[str, Any]] = (),
        note: str = "",
    ) -> ContentPieceView:
        """A new piece of the brand, a draft at version 1 (``content:write``)."""
        return await self._piece(
            session,
            CreateContent(
                brand_id=brand_id,
                content_type=content_type,
                channel=channel,
                title=title,
                body=body,
                fields=fields,
                locale=locale,
                project_id=project_id,
                media=media,
                note=note,
            ),
        )

    async def get(self, session: Session, content_id: UUID) -> ContentPieceView:
        """A piece, with its current version and history."""
        return await self._piece(session, GetContent(content_id=content_id))

    async def list(  # one keyword per filter
        self,
        session: Session,
        *,
        brand_id: UUID | None = None,
        project_id: UUID | None = None,
        content_type: str | None = None,
        channel: str | None = None,
        status: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[ContentPieceView]:
        """The library's pieces (every brand the session sees, or one), filtered."""
        query = ListContent(
            brand_id=brand_id,
            project_id=project_id,
            content_type=content_type,
            channel=channel,
            status=status,
            page=page or PageRequest(),
        )
        return page_of(
            await self._ask(session, query, Page[ContentPiece]), ContentPieceView.from_aggregate
        )

    async def search(
        self,
        session: Session,
        text: str,
        *,
        brand_id: UUID | None = None,
        status: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[ContentPieceView]:
        """Full-text search over title, body and keyword fields; pass
        ``PageRequest(sort="relevance")`` to rank the hits."""
        query = ListContent(brand_id=brand_id, status=status, q=text, page=page or PageRequest())
        return page_of(
            await self._ask(session, query, Page[ContentPiece]), ContentPieceView.from_aggregate
        )

    async def revise(  # one keyword per revisable field
        self,
        session: Session,
        content_id: UUID,
        *,
        title: str | None = None,
        body: str | None = None,
        fields: Mapping[str, Any] | None = None,
        channel: str | None = None,
        locale: str | None = None,
        media: Sequence[Mapping[str, Any]] | None = None,
        note: str = "",
        expected_version: int | None,
    ) -> ContentPieceView:
        """A new version with the given changes (the rest carried over); review starts again
        from draft."""
        return await self._piece(
            session,
            ReviseContent(
                content_id=content_id,
                title=title,
                body=body,
                fields=fields,
                channel=channel,
                locale=locale,
                media=media,
                note=note,
                expected_version=expected_version,
            ),
        )

    async def versions(self, session: Session, content_id: UUID) -> builtins.list[ContentVersion]:
        """Every version of a piece, oldest first."""
        query = ListVersions(content_id=content_id)
        return await self._ask(session, query, builtins.list[ContentVersion])

    async def version(self, session: Session, content_id: UUID, number: int) -> ContentVersion:
        """One version of a piece, by its number (1 is the first)."""
        query = GetVersion(content_id=content_id, number=number)
        return await self._ask(session, query, ContentVersion)

    async def diff(
        self,
        session: Session,
        content_id: UUID,
        *,
        from_number: int | None = None,
        to_number: int | None = None,
        granularity: str = "word",
    ) -> VersionDiff:
        """What changed between two versions, field by field (default: the current version
        against the one before); ``granularity`` is ``word`` or ``line``."""
        query = DiffVersions(
            content_id=content_id,
            from_number=from_number,
            to_number=to_number,
            granularity=granularity,
        )
        return await self._ask(session, query, VersionDiff)

    async def submit(
        self, session: Session, content_id: UUID, *, expected_version: int | None = None
    ) -> ContentPieceView:
        """Submit a draft for review (``content:write``)."""
        return await self._piece(
            session, SubmitForReview(content_id=content_id, expected_version=expected_version)
        )

    async def approve(
        self, session: Session, content_id: UUID, *, expected_version: int | None = None
    ) -> ContentPieceView:
        """Approve the current version (``content:approve``); ``ComplianceViolationsRemain``
        while error-level compliance violations remain."""
        return await self._piece(
            session, ApproveContent(content_id=content_id, expected_version=expected_version)
        )

    async def request_changes(
        self,
        session: Session,
        content_id: UUID,
        reason: str,
        *,
        expected_version: int | None = None,
    ) -> ContentPieceView:
        """Send a piece in review back to its writers, with a reason (``content:approve``)."""
        return await self._piece(
            session,
            RequestChanges(content_id=content_id, reason=reason, expected_version=expected_version),
        )

    async def schedule(
        self,
        session: Session,
        content_id: UUID,
        at: datetime,
        *,
        expected_version: int | None = None,
    ) -> ContentPieceView:
        """Mark an approved piece scheduled for publication at ``at`` (time-zone aware)."""
        return await self._piece(
            session, MarkScheduled(content_id=content_id, at=at, expected_version=expected_version)
        )

    async def publish(
        self, session: Session, content_id: UUID, *, expected_version: int | None = None
    ) -> ContentPieceView:
        """Mark an approved or scheduled piece published."""
        return await self._piece(
            session, MarkPublished(content_id=content_id, expected_version=expected_version)
        )

    async def archive(
        self, session: Session, content_id: UUID, *, expected_version: int | None = None
    ) -> ContentPieceView:
        """Archive a piece; it takes no more changes."""
        return await self._piece(
            session, ArchiveContent(content_id=content_id, expected_version=expected_version)
        )

    async def comments(self, session: Session, content_id: UUID) -> builtins.list[CommentView]:
        """The review comments of a piece, threads and replies in the order written."""
        query = ListComments(content_id=content_id)
        found = await self._ask(session, query, builtins.list[Comment])
        return [CommentView.from_entity(comment) for comment in found]

    async def comment(
        self,
        session: Session,
        content_id: UUID,
        body: str,
        *,
        version_number: int | None = None,
        anchor: Mapping[str, Any] | None = None,
        reply_to: UUID | None = None,
    ) -> CommentView:
        """Open a thread on a version (default: the current one), optionally anchored to a
        text range (``{"field": "body", "start": 0, "end": 12}``), or reply in the thread
        of ``reply_to``."""
        command = AddComment(
            content_id=content_id,
            body=body,
            version_number=version_number,
            anchor=anchor,
            parent_id=reply_to,
        )
        return await self._comment(session, command)

    async def resolve_comment(
        self, session: Session, content_id: UUID, comment_id: UUID
    ) -> CommentView:
        """Resolve a thread."""
        command = ResolveComment(content_id=content_id, comment_id=comment_id)
        return await self._comment(session, command)

    async def reopen_comment(
        self, session: Session, content_id: UUID, comment_id: UUID
    ) -> CommentView:
        """Reopen a resolved thread."""
        command = ReopenComment(content_id=content_id, comment_id=comment_id)
        return await self._comment(session, command)
