"""Read models of the content library handed to callers outside the application (the
library): pieces with their history and comments, and templates. Versions, drafts and media
are already frozen value objects and are shared as they are. See
``umt.application.read_models`` for what a view guarantees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from umt.application.read_models import snapshot
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.review import Comment, TextAnchor
from umt.domain.content.template import ContentTemplate, TemplateVariable
from umt.domain.content.version import Author, ContentVersion, MediaReference
from umt.domain.shared.ids import (
    BrandId,
    CommentId,
    ContentId,
    ExperimentId,
    OrganizationId,
    ProjectId,
    TemplateId,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentView:
    """A review comment: a thread (no ``parent_id``) or a reply in one."""

    id: CommentId
    version_number: int
    author: Author
    body: str
    created_at: datetime
    parent_id: CommentId | None
    anchor: TextAnchor | None
    resolved: bool
    resolved_at: datetime | None
    resolved_by: Author | None

    @classmethod
    def from_entity(cls, comment: Comment) -> CommentView:
        return snapshot(cls, comment)


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentPieceView:
    """A piece of content with every version (oldest first) and its review comments.
    ``version`` is the row version (the ``expected_version`` to pass back), not a content
    version: that is ``current_version``."""

    id: ContentId
    organization_id: OrganizationId
    brand_id: BrandId
    project_id: ProjectId | None
    content_type: ContentType
    status: ContentStatus
    versions: tuple[ContentVersion, ...]
    comments: tuple[CommentView, ...]
    media: tuple[MediaReference, ...]
    status_reason: str
    scheduled_for: datetime | None
    promoted_from_experiment: ExperimentId | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, piece: ContentPiece) -> ContentPieceView:
        return snapshot(
            cls,
            piece,
            versions=tuple(piece.versions),
            comments=tuple(CommentView.from_entity(c) for c in piece.comments),
        )

    @property
    def current(self) -> ContentVersion:
        return self.versions[-1]

    @property
    def current_version(self) -> int:
        return self.current.number

    @property
    def draft(self) -> Draft:
        return self.current.draft

    @property
    def title(self) -> str:
        return self.current.draft.title

    @property
    def channel(self) -> Channel:
        return self.current.draft.channel

    @property
    def locale(self) -> str:
        return self.current.draft.locale


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentTemplateView:
    """A template: the organization's own, or a built-in one (``organization_id`` None)."""

    id: TemplateId
    organization_id: OrganizationId | None
    name: str
    content_type: ContentType
    body: str
    brand_id: BrandId | None
    industry: str | None
    channel: Channel | None
    variables: tuple[TemplateVariable, ...]
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, template: ContentTemplate) -> ContentTemplateView:
        return snapshot(cls, template)

    @property
    def builtin(self) -> bool:
        return self.organization_id is None
