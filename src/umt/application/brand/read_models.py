"""Read models of the brand context handed to callers outside the application (the library).

A brand's own view is ``umt.ports.brand_reader.BrandView`` (``views.brand_view`` maps an
aggregate to it), the same one the read side serves; audiences, competitors and projects get
theirs here. See ``umt.application.read_models`` for what a view guarantees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from umt.application.read_models import snapshot
from umt.domain.brand.audience import AgeRange, Audience, Competitor
from umt.domain.brand.channels import Channel
from umt.domain.brand.project import Goal, Project, ProjectStatus, ProjectType
from umt.domain.shared.ids import (
    AudienceId,
    BrandId,
    CompetitorId,
    OrganizationId,
    ProjectId,
    UserId,
)
from umt.domain.shared.values import Url


@dataclass(frozen=True, slots=True, kw_only=True)
class AudienceView:
    """An audience (persona) of a brand."""

    id: AudienceId
    persona_name: str
    age_range: AgeRange | None
    locations: tuple[str, ...]
    interests: tuple[str, ...]
    pain_points: tuple[str, ...]
    goals: tuple[str, ...]
    preferred_channels: tuple[Channel, ...]
    version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None

    @classmethod
    def from_aggregate(cls, audience: Audience) -> AudienceView:
        return snapshot(cls, audience)


@dataclass(frozen=True, slots=True, kw_only=True)
class CompetitorView:
    """A competitor a brand watches."""

    id: CompetitorId
    name: str
    website: Url | None
    feed_urls: tuple[Url, ...]
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None

    @classmethod
    def from_aggregate(cls, competitor: Competitor) -> CompetitorView:
        return snapshot(cls, competitor)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectView:
    """A project of a brand."""

    id: ProjectId
    organization_id: OrganizationId
    brand_id: BrandId
    name: str
    project_type: ProjectType
    custom_type: str
    description: str
    goals: tuple[Goal, ...]
    channels: tuple[Channel, ...]
    start_date: date | None
    end_date: date | None
    assignee_id: UserId | None
    status: ProjectStatus
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, project: Project) -> ProjectView:
        return snapshot(cls, project)
