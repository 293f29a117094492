"""Read models of the report schedules and their deliveries, for callers outside the
application (the library): frozen snapshots named as the aggregates are (read_models.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from umt.application.read_models import snapshot
from umt.domain.analytics.report_delivery import ReportDelivery
from umt.domain.analytics.report_schedule import Cadence, ReportSchedule


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportScheduleView:
    id: UUID
    organization_id: UUID
    brand_id: UUID
    kind: str
    range_days: int
    cadence: Cadence
    weekday: int | None
    hour: int
    time_zone: str
    recipients: tuple[str, ...]
    webhook: bool
    file_format: str
    next_due_at: datetime
    last_delivered_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportDeliveryView:
    id: UUID
    organization_id: UUID
    brand_id: UUID
    schedule_id: UUID
    due_at: datetime
    kind: str
    since: date
    until: date
    file_format: str
    filename: str
    media_type: str
    content: bytes
    recipients: tuple[str, ...]
    created_at: datetime


def report_schedule_view(schedule: ReportSchedule) -> ReportScheduleView:
    return snapshot(ReportScheduleView, schedule, recipients=tuple(schedule.recipients))


def report_delivery_view(delivery: ReportDelivery) -> ReportDeliveryView:
    return snapshot(ReportDeliveryView, delivery, recipients=tuple(delivery.recipients))
