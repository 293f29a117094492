"""Events of the content context: pieces, their versions and their review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import Changes, EventFacts, StatusChange, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class PieceCreated(EventFacts):
    """A piece created: where it belongs, what it is and its first version."""

    brand_id: UUID
    project_id: UUID | None
    content_type: str
    channel: str
    title: str
    version_id: UUID
    author: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Revision(EventFacts):
    """A new version: its number, author and changed fields, and the status move."""

    version_id: UUID
    number: int
    author: str
    changed: list[str]
    from_: str
    to: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionNumber(EventFacts):
    """The version an event concerns."""

    number: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionBy(EventFacts):
    """A version moved on by someone (an ``Author`` label)."""

    number: int
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Approval(EventFacts):
    number: int
    version_id: UUID
    by: str
    compliance_score: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangesRequest(EventFacts):
    number: int
    by: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Promotion(EventFacts):
    """An experiment's winning version made current (``copied``: as a new version)."""

    experiment_id: UUID
    arm: str
    winning_number: int
    number: int
    version_id: UUID
    copied: bool
    by: str
    from_: str
    to: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule(EventFacts):
    """A version scheduled; ``at`` is the publication time as ISO text."""

    number: int
    at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentPosted(EventFacts):
    comment_id: UUID
    parent_id: UUID | None
    number: int
    author: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentBy(EventFacts):
    """A thread resolved or reopened by someone."""

    comment_id: UUID
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateNamed(EventFacts):
    name: str
    content_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateGone(EventFacts):
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentCreated(TypedEvent[PieceCreated]):
    event_type: ClassVar[str] = "content.created"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentRevised(TypedEvent[Revision]):
    event_type: ClassVar[str] = "content.revised"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentSubmittedForReview(TypedEvent[VersionBy]):
    event_type: ClassVar[str] = "content.submitted_for_review"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentApproved(TypedEvent[Approval]):
    event_type: ClassVar[str] = "content.approved"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentChangesRequested(TypedEvent[ChangesRequest]):
    event_type: ClassVar[str] = "content.changes_requested"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentPromoted(TypedEvent[Promotion]):
    """An experiment's winning version became the piece's current version."""

    event_type: ClassVar[str] = "content.promoted"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentScheduled(TypedEvent[Schedule]):
    event_type: ClassVar[str] = "content.scheduled"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentPublished(TypedEvent[VersionNumber]):
    event_type: ClassVar[str] = "content.published"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentArchived(TypedEvent[StatusChange]):
    event_type: ClassVar[str] = "content.archived"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentAdded(TypedEvent[CommentPosted]):
    event_type: ClassVar[str] = "content.comment_added"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentResolved(TypedEvent[CommentBy]):
    event_type: ClassVar[str] = "content.comment_resolved"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentReopened(TypedEvent[CommentBy]):
    event_type: ClassVar[str] = "content.comment_reopened"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateCreated(TypedEvent[TemplateNamed]):
    event_type: ClassVar[str] = "template.created"
    aggregate_type: ClassVar[str] = "template"


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateUpdated(TypedEvent[Changes]):
    event_type: ClassVar[str] = "template.updated"
    aggregate_type: ClassVar[str] = "template"


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateDeleted(TypedEvent[TemplateGone]):
    event_type: ClassVar[str] = "template.deleted"
    aggregate_type: ClassVar[str] = "template"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentPublicationStatusChanged(TypedEvent[StatusChange]):
    """The piece's status follows its publications: partly published, failed, or back to
    approved when none is left on the calendar."""

    event_type: ClassVar[str] = "content.publication_status_changed"
    aggregate_type: ClassVar[str] = "content"
