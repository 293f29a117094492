"""Schemas of the scheduled reports: a schedule (its cadence in the brand's time zone, its
recipients, whether its webhooks are told) and what a delivery is."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.analytics.report_schedule import MAX_RANGE_DAYS, MAX_RECIPIENTS, ReportSchedule
from umt.entrypoints.http.schemas.common import Input

Kind = Literal["content", "channels", "campaigns", "time_of_day", "experiments"]
Cadence = Literal["daily", "weekly"]
FileFormat = Literal["csv", "xlsx"]
RangeDays = Annotated[int, Meta(ge=1, le=MAX_RANGE_DAYS, description="The last N whole days")]
Weekday = Annotated[int, Meta(ge=0, le=6, description="Weekly: 0 Monday .. 6 Sunday")]
Hour = Annotated[int, Meta(ge=0, le=23, description="The hour, in the brand's time zone")]
Recipients = Annotated[
    list[Annotated[str, Meta(max_length=320)]],
    Meta(max_length=MAX_RECIPIENTS, examples=[["ana@acme.example"]]),
]


class ReportScheduleCreate(Input):
    """A weekly (on ``weekday``) or daily report of the last ``range_days`` whole days, made
    at ``hour`` o'clock in the brand's time zone, mailed to ``recipients`` with the file
    attached and, with ``webhook``, announced to the organization's webhooks (report.ready)."""

    kind: Kind
    range_days: RangeDays = 7
    cadence: Cadence = "weekly"
    weekday: Weekday | None = 0
    hour: Hour = 8
    recipients: Recipients = msgspec.field(default_factory=list)
    webhook: bool = False
    file_format: FileFormat = "csv"


class ReportSchedulePatch(Input):
    kind: Kind | UnsetType = UNSET
    range_days: RangeDays | UnsetType = UNSET
    cadence: Cadence | UnsetType = UNSET
    weekday: Weekday | UnsetType | None = UNSET
    hour: Hour | UnsetType = UNSET
    recipients: Recipients | UnsetType = UNSET
    webhook: bool | UnsetType = UNSET
    file_format: FileFormat | UnsetType = UNSET


class ReportScheduleOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    kind: str
    range_days: int
    cadence: str
    weekday: int | None
    hour: int
    time_zone: str  # the brand's, as the schedule was last written
    recipients: list[str]
    webhook: bool
    file_format: str
    next_due_at: datetime  # the next run (UTC)
    last_delivered_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class ReportScheduleList(msgspec.Struct):
    """A brand's report schedules (at most a few dozen: no pages)."""

    items: list[ReportScheduleOut]


def report_schedule_out(schedule: ReportSchedule) -> ReportScheduleOut:
    return ReportScheduleOut(
        id=schedule.id,
        brand_id=schedule.brand_id,
        kind=schedule.kind,
        range_days=schedule.range_days,
        cadence=schedule.cadence.value,
        weekday=schedule.weekday,
        hour=schedule.hour,
        time_zone=schedule.time_zone,
        recipients=list(schedule.recipients),
        webhook=schedule.webhook,
        file_format=schedule.file_format,
        next_due_at=schedule.next_due_at,
        last_delivered_at=schedule.last_delivered_at,
        version=schedule.version,
        created_at=schedule.created_at,
        updated_at=schedule.updated_at,
    )
