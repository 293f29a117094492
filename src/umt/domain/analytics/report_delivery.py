"""A delivered scheduled report: the file made for one run of a schedule, kept so that a
webhook consumer (or anyone of the organization with ``analytics:read``) can fetch it by the
id the ``report.ready`` event names. One per (schedule, due time).

Its mail goes out **at least once**: the delivery is stored with its mail ``pending``; a sender
claims it under a lease (``mail_claimed_until``, ``mail_attempts`` counted), sends, and marks
it ``sent``. A sender that dies between sending and marking leaves the claim to run out, and
the next claim sends it again: a crash costs at most one more copy, never a lost mail. Each
copy carries the same Message-ID per recipient (``message_id``), so a receiver can tell the
copy from a new mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
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


class MailStatus(StrEnum):
    PENDING = "pending"  # to be sent (or sent, and the mark lost in a crash)
    SENT = "sent"
    NONE = "none"  # no recipients: nothing to send


MESSAGE_ID_DOMAIN = "reports.umt.invalid"


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
    mail_status: MailStatus = MailStatus.PENDING
    mail_attempts: int = 0  # claims taken to send it
    mail_claimed_until: datetime | None = None  # a sender's lease
    mailed_at: datetime | None = None

    def __post_init__(self) -> None:
        self.mail_status = MailStatus(self.mail_status)

    def message_id(self, recipient: int) -> str:
        """The Message-ID of its mail to ``recipients[recipient]``: the same on every copy
        (a retry after a crash), different for each recipient and delivery."""
        return f"<report-{self.id}-{recipient}@{MESSAGE_ID_DOMAIN}>"

    @classmethod
    def made(cls, *, announce: bool, **fields: object) -> ReportDelivery:
        """The delivery; ``announce``: its ``report.ready`` goes to the webhooks."""
        delivery = cls(**fields)  # type: ignore[arg-type]  # the dataclass checks its fields
        if not delivery.recipients:
            delivery.mail_status = MailStatus.NONE
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
