"""Events of the content context: pieces, their versions and their review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentCreated(DomainEvent):
    event_type: ClassVar[str] = "content.created"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentRevised(DomainEvent):
    event_type: ClassVar[str] = "content.revised"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentSubmittedForReview(DomainEvent):
    event_type: ClassVar[str] = "content.submitted_for_review"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentApproved(DomainEvent):
    event_type: ClassVar[str] = "content.approved"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentChangesRequested(DomainEvent):
    event_type: ClassVar[str] = "content.changes_requested"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentPromoted(DomainEvent):
    """An experiment's winning version became the piece's current version."""

    event_type: ClassVar[str] = "content.promoted"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentScheduled(DomainEvent):
    event_type: ClassVar[str] = "content.scheduled"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentPublished(DomainEvent):
    event_type: ClassVar[str] = "content.published"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentArchived(DomainEvent):
    event_type: ClassVar[str] = "content.archived"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentAdded(DomainEvent):
    event_type: ClassVar[str] = "content.comment_added"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentResolved(DomainEvent):
    event_type: ClassVar[str] = "content.comment_resolved"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentReopened(DomainEvent):
    event_type: ClassVar[str] = "content.comment_reopened"
    aggregate_type: ClassVar[str] = "content"


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateCreated(DomainEvent):
    event_type: ClassVar[str] = "template.created"
    aggregate_type: ClassVar[str] = "template"


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateUpdated(DomainEvent):
    event_type: ClassVar[str] = "template.updated"
    aggregate_type: ClassVar[str] = "template"


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateDeleted(DomainEvent):
    event_type: ClassVar[str] = "template.deleted"
    aggregate_type: ClassVar[str] = "template"
