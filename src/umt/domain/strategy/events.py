"""Events of the strategy context: a recommendation accepted or dismissed, a calendar proposal
proposed, accepted or rejected. They go to the outbox with the change and reach the webhooks
(``recommendation.*``, ``calendar_proposal.*``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class RecommendationDecision(EventFacts):
    """A member's decision on a recommendation: which one, what it advised, who, and why."""

    brand_id: UUID
    key: str
    kind: str
    title: str
    confidence: float
    by: UUID
    reason: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecommendationAccepted(TypedEvent[RecommendationDecision]):
    event_type: ClassVar[str] = "recommendation.accepted"
    aggregate_type: ClassVar[str] = "recommendation"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecommendationWasDismissed(TypedEvent[RecommendationDecision]):
    event_type: ClassVar[str] = "recommendation.dismissed"
    aggregate_type: ClassVar[str] = "recommendation"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposalFacts(EventFacts):
    """A calendar proposal as it stands: its brand and project, its span, its slots, and what
    the decision made of it (the pieces of an accepted one; who decided and why)."""

    brand_id: UUID
    project_id: UUID | None
    starts_on: str
    weeks: int
    per_week: int
    slots: int
    skipped: int
    status: str
    pieces: list[str]  # the draft pieces accepting made, in slot order
    by: UUID | None  # who accepted or rejected it
    reason: str | None  # why it was rejected


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarProposed(TypedEvent[ProposalFacts]):
    event_type: ClassVar[str] = "calendar_proposal.proposed"
    aggregate_type: ClassVar[str] = "calendar_proposal"


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarProposalAccepted(TypedEvent[ProposalFacts]):
    event_type: ClassVar[str] = "calendar_proposal.accepted"
    aggregate_type: ClassVar[str] = "calendar_proposal"


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarProposalRejected(TypedEvent[ProposalFacts]):
    event_type: ClassVar[str] = "calendar_proposal.rejected"
    aggregate_type: ClassVar[str] = "calendar_proposal"
