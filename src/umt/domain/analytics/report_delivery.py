"""A delivered scheduled report: the file made for one run of a schedule, kept so that a
webhook consumer (or anyone of the organization with ``analytics:read``) can fetch it by the
id the ``report.ready`` event names. One per (schedule, due time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.events import EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportMade(EventFacts):
    """A scheduled report is ready: its brand and schedule, what it covers, where to get it."""

    brand_id: UUID
    schedule_id: UUID
    kind: str
    from_: str  # the first day (the brand's)
    to: str  # the last day, included
    file_format: str
    filename: str
    url: str  # the API path that answers the file
    recipients: int  # the mails sent with it attached


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportReady(TypedEvent[ReportMade]):
    event_type: ClassVar[str] = "report.ready"
    aggregate_type: ClassVar[str] = "report_delivery"


def delivery_path(delivery_id: UUID) -> str:
    return f"/api/v1/report-deliveries/{delivery_id}"


@dataclass(slots=True, kw_only=True)
class ReportDelivery(AggregateRoot):
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

    @classmethod
    def made(cls, *, announce: bool, **fields: object) -> ReportDelivery:
        """The delivery; ``announce``: its ``report.ready`` goes to the webhooks."""
        delivery = cls(**fields)  # type: ignore[arg-type]  # the dataclass checks its fields
        if announce:
            delivery._record(
                ReportReady,
                delivery.created_at,
                ReportMade(
                    brand_id=delivery.brand_id,
                    schedule_id=delivery.schedule_id,
                    kind=delivery.kind,
                    from_=str(delivery.since),
                    to=str(delivery.until),
                    file_format=delivery.file_format,
                    filename=delivery.filename,
                    url=delivery_path(delivery.id),
                    recipients=len(delivery.recipients),
                ),
            )
        return delivery
