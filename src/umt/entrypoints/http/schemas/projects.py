"""Schemas of projects."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.brand.project import Project
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.common import Input, LongText, Name

ProjectTypeName = Literal[
    "product_launch", "content_series", "always_on", "event", "rebrand", "custom"
]
ProjectStatusName = Literal["planned", "active", "paused", "completed", "archived"]
Channels = Annotated[list[ChannelName], Meta(max_length=20)]


class GoalIO(Input):
    kpi: Annotated[str, Meta(min_length=1, max_length=100, examples=["qualified_leads"])]
    target: Annotated[float, Meta(gt=0, examples=[500])]
    unit: Annotated[str, Meta(max_length=40)] = ""
    description: Annotated[str, Meta(max_length=1000)] = ""


Goals = Annotated[list[GoalIO], Meta(max_length=20)]


class ProjectCreate(Input):
    name: Name
    project_type: ProjectTypeName
    custom_type: Annotated[str, Meta(max_length=100)] = ""
    description: LongText = ""
    goals: Goals = msgspec.field(default_factory=list)
    channels: Channels = msgspec.field(default_factory=list)
    start_date: date | None = None
    end_date: date | None = None
    assignee_id: UUID | None = None


class ProjectPatch(Input):
    name: Name | UnsetType = UNSET
    project_type: ProjectTypeName | UnsetType = UNSET
    custom_type: Annotated[str, Meta(max_length=100)] | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    goals: Goals | UnsetType = UNSET
    channels: Channels | UnsetType = UNSET
    start_date: date | UnsetType | None = UNSET
    end_date: date | UnsetType | None = UNSET


class StatusChange(Input):
    status: ProjectStatusName


class Assignment(Input):
    assignee_id: UUID | None


class ProjectOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    name: str
    project_type: str
    custom_type: str
    description: str
    goals: list[GoalIO]
    channels: list[str]
    start_date: date | None
    end_date: date | None
    assignee_id: UUID | None
    status: str
    version: int
    created_at: datetime
    updated_at: datetime


def project_out(p: Project) -> ProjectOut:
    return ProjectOut(
        id=p.id,
        brand_id=p.brand_id,
        name=p.name,
        project_type=p.project_type.value,
        custom_type=p.custom_type,
        description=p.description,
        goals=[
            GoalIO(kpi=g.kpi, target=g.target, unit=g.unit, description=g.description)
            for g in p.goals
        ],
        channels=[c.value for c in p.channels],
        start_date=p.start_date,
        end_date=p.end_date,
        assignee_id=p.assignee_id,
        status=p.status.value,
        version=p.version,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )
