"""The Project aggregate: a piece of marketing work for one brand, with a status workflow."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from umt.domain.brand import events as ev
from umt.domain.brand.brand import check_version
from umt.domain.brand.channels import Channel
from umt.domain.brand.errors import IllegalProjectTransition, ProjectDatesInvalid, ProjectIsArchived
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.events import Changes, FieldChange, StatusChange
from umt.domain.shared.ids import BrandId, OrganizationId, ProjectId, UserId
from umt.domain.shared.values import require_text

MAX_GOALS = 20
PROJECT_FIELDS = frozenset(
    {
        "name",
        "project_type",
        "custom_type",
        "description",
        "goals",
        "channels",
        "start_date",
        "end_date",
    }
)


class ProjectType(StrEnum):
    PRODUCT_LAUNCH = "product_launch"
    CONTENT_SERIES = "content_series"
    ALWAYS_ON = "always_on"
    EVENT = "event"
    REBRAND = "rebrand"
    CUSTOM = "custom"


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    ARCHIVED = "archived"


# planned → active → paused ⇄ active → completed → archived
TRANSITIONS: dict[ProjectStatus, frozenset[ProjectStatus]] = {
    ProjectStatus.PLANNED: frozenset({ProjectStatus.ACTIVE}),
    ProjectStatus.ACTIVE: frozenset({ProjectStatus.PAUSED, ProjectStatus.COMPLETED}),
    ProjectStatus.PAUSED: frozenset({ProjectStatus.ACTIVE}),
    ProjectStatus.COMPLETED: frozenset({ProjectStatus.ARCHIVED}),
    ProjectStatus.ARCHIVED: frozenset(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Goal:
    """A project goal with a KPI target, e.g. ``qualified_leads`` ≥ 500 ``leads``."""

    kpi: str
    target: float
    unit: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kpi", require_text(self.kpi, field="goals.kpi", max_length=100))
        object.__setattr__(
            self,
            "unit",
            require_text(self.unit, field="goals.unit", max_length=40, allow_empty=True),
        )
        object.__setattr__(
            self,
            "description",
            require_text(
                self.description, field="goals.description", max_length=1000, allow_empty=True
            ),
        )
        if not (self.target > 0 and self.target < float("inf")):
            raise InvalidValue(
                "a KPI target must be a positive finite number", field="goals.target"
            )


@dataclass(slots=True, kw_only=True)
class Project(AggregateRoot):
    id: ProjectId
    organization_id: OrganizationId
    brand_id: BrandId
    name: str
    project_type: ProjectType
    custom_type: str = ""
    description: str = ""
    goals: tuple[Goal, ...] = ()
    channels: tuple[Channel, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    assignee_id: UserId | None = None
    status: ProjectStatus = ProjectStatus.PLANNED
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="name", max_length=200)
        self.project_type = ProjectType(self.project_type)
        self.custom_type = require_text(
            self.custom_type, field="custom_type", max_length=100, allow_empty=True
        )
        if self.project_type is ProjectType.CUSTOM and not self.custom_type:
            raise InvalidValue("a custom project needs custom_type", field="custom_type")
        if self.project_type is not ProjectType.CUSTOM:
            self.custom_type = ""
        self.description = require_text(
            self.description, field="description", max_length=5000, allow_empty=True
        )
        if len(self.goals) > MAX_GOALS:
            raise InvalidValue(f"at most {MAX_GOALS} goals", field="goals")
        self.channels = tuple(dict.fromkeys(Channel(c) for c in self.channels))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ProjectDatesInvalid(
                f"end date {self.end_date} is before start date {self.start_date}",
                field="end_date",
            )

    @classmethod
    def create(
        cls,
        *,
        id: ProjectId,
        organization_id: OrganizationId,
        brand_id: BrandId,
        name: str,
        project_type: ProjectType,
        now: datetime,
        custom_type: str = "",
        description: str = "",
        goals: tuple[Goal, ...] = (),
        channels: tuple[Channel, ...] = (),
        start_date: date | None = None,
        end_date: date | None = None,
        assignee_id: UserId | None = None,
    ) -> Project:
        project = cls(
            id=id,
            organization_id=organization_id,
            brand_id=brand_id,
            name=name,
            project_type=project_type,
            custom_type=custom_type,
            description=description,
            goals=goals,
            channels=channels,
            start_date=start_date,
            end_date=end_date,
            assignee_id=assignee_id,
            created_at=now,
            updated_at=now,
        )
        project._record(
            ev.ProjectCreated, now, ev.ProjectNamed(brand_id=brand_id, name=project.name)
        )
        if assignee_id is not None:
            project._record(ev.ProjectAssigned, now, ev.AssigneeSet(assignee_id=assignee_id))
        return project

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        self._ensure_not_archived()
        check_version(expected_version, self.version, "project")
        unknown = set(changes) - PROJECT_FIELDS
        if unknown:
            raise InvalidValue(f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0])
        candidate = replace(self, **changes, events=[])
        changed = sorted(k for k in PROJECT_FIELDS if getattr(self, k) != getattr(candidate, k))
        if not changed:
            return
        diff = Changes.between(self, candidate, changed)
        for key in changed:
            setattr(self, key, getattr(candidate, key))
        self._bump(now)
        self._record(ev.ProjectUpdated, now, diff)

    def assign(
        self, assignee_id: UserId | None, *, now: datetime, expected_version: int | None = None
    ) -> None:
        """Assign to a member (the caller checks membership) or unassign with ``None``."""
        self._ensure_not_archived()
        check_version(expected_version, self.version, "project")
        if assignee_id == self.assignee_id:
            return
        previous = self.assignee_id
        self.assignee_id = assignee_id
        self._bump(now)
        self._record(
            ev.ProjectAssigned,
            now,
            ev.Reassigned(
                assignee_id=assignee_id,
                change=FieldChange("assignee_id", previous, assignee_id),
            ),
        )

    def transition_to(
        self, target: ProjectStatus, *, now: datetime, expected_version: int | None = None
    ) -> None:
        check_version(expected_version, self.version, "project")
        if target not in TRANSITIONS[self.status]:
            allowed = sorted(s.value for s in TRANSITIONS[self.status]) or ["none"]
            raise IllegalProjectTransition(
                f"a {self.status.value} project cannot become {target.value};"
                f" allowed: {', '.join(allowed)}",
                field="status",
            )
        previous = self.status
        self.status = target
        self._bump(now)
        self._record(
            ev.ProjectStatusChanged,
            now,
            ev.ProjectMoved(
                from_=previous.value,
                to=target.value,
                status=StatusChange(previous.value, target.value),
            ),
        )

    def mark_deleted(self, *, now: datetime, expected_version: int | None = None) -> None:
        check_version(expected_version, self.version, "project")
        self._record(
            ev.ProjectDeleted, now, ev.ProjectNamed(brand_id=self.brand_id, name=self.name)
        )

    def _ensure_not_archived(self) -> None:
        if self.status is ProjectStatus.ARCHIVED:
            raise ProjectIsArchived("an archived project cannot be changed")
