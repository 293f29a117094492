"""Events of the brand context (brands with their audiences and competitors, projects)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import (
    Changes,
    EventFacts,
    FieldChange,
    StatusChange,
    TypedEvent,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandNamed(EventFacts):
    """A brand created: its name and slug."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandGone(EventFacts):
    """A brand deleted: its slug and name, for the audit log's ``before``."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceNamed(EventFacts):
    audience_id: UUID
    persona_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceChanged(EventFacts):
    audience_id: UUID
    changes: Changes


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceRef(EventFacts):
    audience_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorNamed(EventFacts):
    competitor_id: UUID
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorChanged(EventFacts):
    competitor_id: UUID
    changes: Changes


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorRef(EventFacts):
    competitor_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectNamed(EventFacts):
    """A project created or deleted: its brand and name."""

    brand_id: UUID
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AssigneeSet(EventFacts):
    """A project created with an assignee."""

    assignee_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class Reassigned(EventFacts):
    """A project's assignee changed (``None``: unassigned), with the one before."""

    assignee_id: UUID | None
    change: FieldChange


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectMoved(EventFacts):
    """A project's status changed: from and to, and the same as the audit's before/after."""

    from_: str
    to: str
    status: StatusChange


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandCreated(TypedEvent[BrandNamed]):
    event_type: ClassVar[str] = "brand.created"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandUpdated(TypedEvent[Changes]):
    event_type: ClassVar[str] = "brand.updated"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandArchived(TypedEvent[StatusChange]):
    event_type: ClassVar[str] = "brand.archived"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandRestored(TypedEvent[StatusChange]):
    event_type: ClassVar[str] = "brand.restored"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandDeleted(TypedEvent[BrandGone]):
    event_type: ClassVar[str] = "brand.deleted"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceAdded(TypedEvent[AudienceNamed]):
    event_type: ClassVar[str] = "brand.audience_added"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceUpdated(TypedEvent[AudienceChanged]):
    event_type: ClassVar[str] = "brand.audience_updated"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceArchived(TypedEvent[AudienceRef]):
    event_type: ClassVar[str] = "brand.audience_archived"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceRemoved(TypedEvent[AudienceRef]):
    event_type: ClassVar[str] = "brand.audience_removed"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorAdded(TypedEvent[CompetitorNamed]):
    event_type: ClassVar[str] = "brand.competitor_added"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorUpdated(TypedEvent[CompetitorChanged]):
    event_type: ClassVar[str] = "brand.competitor_updated"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorArchived(TypedEvent[CompetitorRef]):
    event_type: ClassVar[str] = "brand.competitor_archived"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorRemoved(TypedEvent[CompetitorRef]):
    event_type: ClassVar[str] = "brand.competitor_removed"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectCreated(TypedEvent[ProjectNamed]):
    event_type: ClassVar[str] = "project.created"
    aggregate_type: ClassVar[str] = "project"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectUpdated(TypedEvent[Changes]):
    event_type: ClassVar[str] = "project.updated"
    aggregate_type: ClassVar[str] = "project"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectStatusChanged(TypedEvent[ProjectMoved]):
    event_type: ClassVar[str] = "project.status_changed"
    aggregate_type: ClassVar[str] = "project"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectAssigned(TypedEvent[AssigneeSet | Reassigned]):
    event_type: ClassVar[str] = "project.assigned"
    aggregate_type: ClassVar[str] = "project"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectDeleted(TypedEvent[ProjectNamed]):
    event_type: ClassVar[str] = "project.deleted"
    aggregate_type: ClassVar[str] = "project"
