"""Events of publications: the calendar's (scheduled, rescheduled, cancelled), the scheduler's
hand-over to the publish engine (due) and the outcomes people and webhooks follow (published,
failed, missed). Times are carried as ISO 8601 text in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import Changes, EventFacts, StatusChange, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationPlan(EventFacts):
    """A publication put on the calendar: what goes where, and when (UTC and as planned)."""

    brand_id: UUID
    content_id: UUID
    content_version_id: UUID
    channel_account_id: UUID
    channel: str
    due_at: str
    time_zone: str
    local_time: str
    schedule_id: UUID | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationHandover(EventFacts):
    """A due publication claimed by a scheduler: the publish engine acts on it under
    ``fence`` until ``lease_expires_at``; ``reconcile`` says an earlier attempt's outcome is
    unknown and must be looked up before anything is sent."""

    brand_id: UUID
    channel_account_id: UUID
    fence: int
    lease_owner: str
    lease_expires_at: str
    due_at: str
    next_attempt: int
    reconcile: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationOutcome(EventFacts):
    """A publication live on its platform, with the platform's id and address."""

    brand_id: UUID
    content_id: UUID
    content_version_id: UUID
    channel_account_id: UUID
    channel: str
    remote_id: str
    remote_url: str | None
    published_at: str
    attempts: int
    reconciled: bool  # found by our reference after an unknown outcome


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationFailure(EventFacts):
    """A publication that will not be published without a person: the typed reason."""

    brand_id: UUID
    content_id: UUID
    channel_account_id: UUID
    channel: str
    reason: str
    rejection: str | None
    detail: str
    attempts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationMiss(EventFacts):
    """A publication found past its grace window with the ``skip`` policy: not posted late."""

    brand_id: UUID
    content_id: UUID
    channel_account_id: UUID
    channel: str
    due_at: str
    grace_seconds: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationRemoval(EventFacts):
    """A published post deleted on its platform by a person: which one, and when."""

    brand_id: UUID
    content_id: UUID
    channel_account_id: UUID
    channel: str
    remote_id: str
    taken_down_at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationScheduled(TypedEvent[PublicationPlan]):
    event_type: ClassVar[str] = "publication.scheduled"
    aggregate_type: ClassVar[str] = "publication"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationRescheduled(TypedEvent[Changes]):
    event_type: ClassVar[str] = "publication.rescheduled"
    aggregate_type: ClassVar[str] = "publication"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationCancelled(TypedEvent[StatusChange]):
    event_type: ClassVar[str] = "publication.cancelled"
    aggregate_type: ClassVar[str] = "publication"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationDue(TypedEvent[PublicationHandover]):
    """Recorded by the claim, in the claiming transaction: the publish engine follows it."""

    event_type: ClassVar[str] = "publication.due"
    aggregate_type: ClassVar[str] = "publication"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationPublished(TypedEvent[PublicationOutcome]):
    event_type: ClassVar[str] = "publication.published"
    aggregate_type: ClassVar[str] = "publication"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationFailed(TypedEvent[PublicationFailure]):
    event_type: ClassVar[str] = "publication.failed"
    aggregate_type: ClassVar[str] = "publication"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationMissed(TypedEvent[PublicationMiss]):
    event_type: ClassVar[str] = "publication.missed"
    aggregate_type: ClassVar[str] = "publication"


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationTakenDown(TypedEvent[PublicationRemoval]):
    event_type: ClassVar[str] = "publication.taken_down"
    aggregate_type: ClassVar[str] = "publication"
