"""Read models of the strategy context's aggregates, for callers outside the application (the
library): frozen snapshots named as the aggregates are (read_models.py). Their parts (slots,
planned pieces, advice) are frozen value objects already and are shared as they are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from umt.application.read_models import snapshot
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.domain.strategy.calendar import (
    CalendarProposal,
    PlannedPiece,
    ProposalStatus,
    ProposedSlot,
    SkippedSlot,
)
from umt.domain.strategy.recommendation import Advice, Recommendation, RecommendationStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarProposalView:
    id: UUID
    organization_id: OrganizationId
    brand_id: BrandId
    project_id: UUID | None
    starts_on: date
    weeks: int
    per_week: int
    slots: tuple[ProposedSlot, ...]
    skipped: tuple[SkippedSlot, ...]
    status: ProposalStatus
    accepted_by: UserId | None
    accepted_at: datetime | None
    pieces: tuple[PlannedPiece, ...]
    rejected_by: UserId | None
    rejected_at: datetime | None
    rejection_reason: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    @property
    def accepted(self) -> bool:
        return self.status is ProposalStatus.ACCEPTED


@dataclass(frozen=True, slots=True, kw_only=True)
class RecommendationView:
    id: UUID
    organization_id: OrganizationId
    brand_id: BrandId
    advice: Advice
    status: RecommendationStatus
    dismissed_by: UserId | None
    dismissed_at: datetime | None
    dismissal_reason: str | None
    accepted_by: UserId | None
    accepted_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @property
    def key(self) -> str:
        """What it is about (its advice's key): one open recommendation per key."""
        return self.advice.key


def calendar_proposal_view(proposal: CalendarProposal) -> CalendarProposalView:
    return snapshot(CalendarProposalView, proposal)


def recommendation_view(recommendation: Recommendation) -> RecommendationView:
    return snapshot(RecommendationView, recommendation)
