"""Events of recurring schedules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import Changes, EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleRule(EventFacts):
    """A recurring schedule: what goes where, and its rule (in the zone's wall time)."""

    brand_id: UUID
    content_id: UUID
    channel_account_ids: list[str]
    frequency: str
    local_time: str
    time_zone: str
    weekdays: list[int]
    interval_days: int | None
    starts_on: str
    ends_on: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleCreated(TypedEvent[ScheduleRule]):
    event_type: ClassVar[str] = "schedule.created"
    aggregate_type: ClassVar[str] = "schedule"


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleUpdated(TypedEvent[Changes]):
    event_type: ClassVar[str] = "schedule.updated"
    aggregate_type: ClassVar[str] = "schedule"


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleDeleted(TypedEvent[ScheduleRule]):
    event_type: ClassVar[str] = "schedule.deleted"
    aggregate_type: ClassVar[str] = "schedule"
