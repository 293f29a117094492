"""Events of the brand context (brands with their audiences and competitors, projects)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandCreated(DomainEvent):
    event_type: ClassVar[str] = "brand.created"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandUpdated(DomainEvent):
    event_type: ClassVar[str] = "brand.updated"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandArchived(DomainEvent):
    event_type: ClassVar[str] = "brand.archived"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandRestored(DomainEvent):
    event_type: ClassVar[str] = "brand.restored"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandDeleted(DomainEvent):
    event_type: ClassVar[str] = "brand.deleted"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceAdded(DomainEvent):
    event_type: ClassVar[str] = "brand.audience_added"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceUpdated(DomainEvent):
    event_type: ClassVar[str] = "brand.audience_updated"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceArchived(DomainEvent):
    event_type: ClassVar[str] = "brand.audience_archived"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceRemoved(DomainEvent):
    event_type: ClassVar[str] = "brand.audience_removed"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorAdded(DomainEvent):
    event_type: ClassVar[str] = "brand.competitor_added"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorUpdated(DomainEvent):
    event_type: ClassVar[str] = "brand.competitor_updated"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorArchived(DomainEvent):
    event_type: ClassVar[str] = "brand.competitor_archived"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorRemoved(DomainEvent):
    event_type: ClassVar[str] = "brand.competitor_removed"
    aggregate_type: ClassVar[str] = "brand"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectCreated(DomainEvent):
    event_type: ClassVar[str] = "project.created"
    aggregate_type: ClassVar[str] = "project"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectUpdated(DomainEvent):
    event_type: ClassVar[str] = "project.updated"
    aggregate_type: ClassVar[str] = "project"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectStatusChanged(DomainEvent):
    event_type: ClassVar[str] = "project.status_changed"
    aggregate_type: ClassVar[str] = "project"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectAssigned(DomainEvent):
    event_type: ClassVar[str] = "project.assigned"
    aggregate_type: ClassVar[str] = "project"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectDeleted(DomainEvent):
    event_type: ClassVar[str] = "project.deleted"
    aggregate_type: ClassVar[str] = "project"
