"""The library facade of the content library: ``platform.content`` and ``platform.templates``.

Each method runs the same use case as its route under /api/v1/content, /api/v1/brands/{id}/
content and /api/v1/templates, with the session's authorization. ``expected_version`` plays
the part of HTTP's If-Match: a stale one raises ``StaleVersion``. It is required (no default)
where the route requires If-Match (revise; update and delete a template), ``None`` meaning
"whatever version is current" as ``If-Match: *`` does; the transitions default it to None.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from umt.application.bus import MessageBus
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
from umt.application.content.create_template import CreateTemplate
from umt.application.content.mark_published import MarkPublished
from umt.application.content.mark_scheduled import MarkScheduled
from umt.application.content.request_changes import RequestChanges
from umt.application.content.revise_content import ReviseContent
from umt.application.content.submit_for_review import SubmitForReview
from umt.application.content.template_queries import (
    GetTemplate,
    ListBuiltinTemplates,
    ListTemplates,
    RenderedTemplate,
    RenderTemplate,
)
from umt.application.content.update_template import DeleteTemplate, UpdateTemplate
from umt.application.content.version_queries import DiffVersions, GetVersion, ListVersions
from umt.domain.content.diff import VersionDiff
from umt.domain.content.piece import ContentPiece
from umt.domain.content.review import Comment
from umt.domain.content.template import ContentTemplate
from umt.domain.content.version import ContentVersion
from umt.ports.pagination import Page, PageRequest

if TYPE_CHECKING:
    from umt.entrypoints.library import Session


class ContentApi:
    """Pieces of content, their versions, review workflow and comment threads."""

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def _piece(self, session: Session, message: object) -> ContentPiece:
        result: ContentPiece = await self._bus.execute(message, session.principal)
        return result

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
    ) -> ContentPiece:
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

    async def get(self, session: Session, content_id: UUID) -> ContentPiece:
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
    ) -> Page[ContentPiece]:
        """The library's pieces (every brand the session sees, or one), filtered."""
        query = ListContent(
            brand_id=brand_id,
            project_id=project_id,
            content_type=content_type,
            channel=channel,
            status=status,
            page=page or PageRequest(),
        )
        result: Page[ContentPiece] = await self._bus.execute(query, session.principal)
        return result

    async def search(
        self,
        session: Session,
        text: str,
        *,
        brand_id: UUID | None = None,
        status: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[ContentPiece]:
        """Full-text search over title, body and keyword fields; pass
        ``PageRequest(sort="relevance")`` to rank the hits."""
        query = ListContent(brand_id=brand_id, status=status, q=text, page=page or PageRequest())
        result: Page[ContentPiece] = await self._bus.execute(query, session.principal)
        return result

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
    ) -> ContentPiece:
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
        result: builtins.list[ContentVersion] = await self._bus.execute(
            ListVersions(content_id=content_id), session.principal
        )
        return result

    async def version(self, session: Session, content_id: UUID, number: int) -> ContentVersion:
        """One version of a piece, by its number (1 is the first)."""
        result: ContentVersion = await self._bus.execute(
            GetVersion(content_id=content_id, number=number), session.principal
        )
        return result

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
        result: VersionDiff = await self._bus.execute(
            DiffVersions(
                content_id=content_id,
                from_number=from_number,
                to_number=to_number,
                granularity=granularity,
            ),
            session.principal,
        )
        return result

    async def submit(
        self, session: Session, content_id: UUID, *, expected_version: int | None = None
    ) -> ContentPiece:
        """Submit a draft for review (``content:write``)."""
        return await self._piece(
            session, SubmitForReview(content_id=content_id, expected_version=expected_version)
        )

    async def approve(
        self, session: Session, content_id: UUID, *, expected_version: int | None = None
    ) -> ContentPiece:
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
    ) -> ContentPiece:
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
    ) -> ContentPiece:
        """Mark an approved piece scheduled for publication at ``at`` (time-zone aware)."""
        return await self._piece(
            session, MarkScheduled(content_id=content_id, at=at, expected_version=expected_version)
        )

    async def publish(
        self, session: Session, content_id: UUID, *, expected_version: int | None = None
    ) -> ContentPiece:
        """Mark an approved or scheduled piece published."""
        return await self._piece(
            session, MarkPublished(content_id=content_id, expected_version=expected_version)
        )

    async def archive(
        self, session: Session, content_id: UUID, *, expected_version: int | None = None
    ) -> ContentPiece:
        """Archive a piece; it takes no more changes."""
        return await self._piece(
            session, ArchiveContent(content_id=content_id, expected_version=expected_version)
        )

    async def comments(self, session: Session, content_id: UUID) -> builtins.list[Comment]:
        """The review comments of a piece, threads and replies in the order written."""
        result: builtins.list[Comment] = await self._bus.execute(
            ListComments(content_id=content_id), session.principal
        )
        return result

    async def comment(
        self,
        session: Session,
        content_id: UUID,
        body: str,
        *,
        version_number: int | None = None,
        anchor: Mapping[str, Any] | None = None,
        reply_to: UUID | None = None,
    ) -> Comment:
        """Open a thread on a version (default: the current one), optionally anchored to a
        text range (``{"field": "body", "start": 0, "end": 12}``), or reply in the thread
        of ``reply_to``."""
        result: Comment = await self._bus.execute(
            AddComment(
                content_id=content_id,
                body=body,
                version_number=version_number,
                anchor=anchor,
                parent_id=reply_to,
            ),
            session.principal,
        )
        return result

    async def resolve_comment(
        self, session: Session, content_id: UUID, comment_id: UUID
    ) -> Comment:
        """Resolve a thread."""
        result: Comment = await self._bus.execute(
            ResolveComment(content_id=content_id, comment_id=comment_id), session.principal
        )
        return result

    async def reopen_comment(self, session: Session, content_id: UUID, comment_id: UUID) -> Comment:
        """Reopen a resolved thread."""
        result: Comment = await self._bus.execute(
            ReopenComment(content_id=content_id, comment_id=comment_id), session.principal
        )
        return result


class TemplatesApi:
    """Content templates: the organization's own (``templates:manage`` to change them), the
    built-in ones, and rendering with values for a template's variables."""

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def _template(self, session: Session, message: object) -> ContentTemplate:
        result: ContentTemplate = await self._bus.execute(message, session.principal)
        return result

    async def create(
        self,
        session: Session,
        *,
        name: str,
        content_type: str,
        body: str,
        variables: Sequence[Mapping[str, Any]] = (),
        brand_id: UUID | None = None,
        industry: str | None = None,
        channel: str | None = None,
    ) -> ContentTemplate:
        """A template, organization-wide or for one brand (``brand_id``)."""
        return await self._template(
            session,
            CreateTemplate(
                name=name,
                content_type=content_type,
                body=body,
                variables=variables,
                brand_id=brand_id,
                industry=industry,
                channel=channel,
            ),
        )

    async def get(self, session: Session, template_id: UUID) -> ContentTemplate:
        """One template: the organization's own or a built-in one."""
        return await self._template(session, GetTemplate(template_id=template_id))

    async def list(
        self,
        session: Session,
        *,
        content_type: str | None = None,
        channel: str | None = None,
        industry: str | None = None,
        brand_id: UUID | None = None,
        page: PageRequest | None = None,
    ) -> Page[ContentTemplate]:
        """The organization's own templates, filtered."""
        query = ListTemplates(
            content_type=content_type,
            channel=channel,
            industry=industry,
            brand_id=brand_id,
            page=page or PageRequest(),
        )
        result: Page[ContentTemplate] = await self._bus.execute(query, session.principal)
        return result

    async def builtin(
        self, session: Session, *, content_type: str | None = None
    ) -> builtins.list[ContentTemplate]:
        """The built-in templates (read-only, the same for every organization)."""
        result: builtins.list[ContentTemplate] = await self._bus.execute(
            ListBuiltinTemplates(content_type=content_type), session.principal
        )
        return result

    async def update(
        self,
        session: Session,
        template_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> ContentTemplate:
        """Change ``name``, ``body``, ``variables``, ``content_type``, ``channel``,
        ``industry`` or ``brand_id``; built-in templates are read-only."""
        return await self._template(
            session,
            UpdateTemplate(
                template_id=template_id, changes=changes, expected_version=expected_version
            ),
        )

    async def delete(
        self, session: Session, template_id: UUID, *, expected_version: int | None
    ) -> None:
        """Delete one of the organization's templates."""
        await self._bus.execute(
            DeleteTemplate(template_id=template_id, expected_version=expected_version),
            session.principal,
        )

    async def render(
        self, session: Session, template_id: UUID, variables: Mapping[str, str] | None = None
    ) -> RenderedTemplate:
        """The template's text with these values (sandboxed); ``InvalidValue`` when a
        required variable is missing."""
        result: RenderedTemplate = await self._bus.execute(
            RenderTemplate(template_id=template_id, variables=dict(variables or {})),
            session.principal,
        )
        return result
