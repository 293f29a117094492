"""Response bodies of the strategy context (docs/strategy.md)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.strategy.best_times import BestTimesReport
from umt.domain.strategy.calendar import CalendarProposal
from umt.domain.strategy.recommendation import Recommendation
from umt.entrypoints.http.schemas.common import Input


class SlotOut(msgspec.Struct):
    weekday: int  # 0 = Monday
    hour: int  # on the audience's clock
    publications: int
    impressions: int
    engagements: int
    observed_rate: float
    rate: float
    low: float
    high: float
    lift: float
    lift_low: float
    lift_high: float
    chance_above_account: float
    enough_data: bool


class AccountBestTimesOut(msgspec.Struct):
    channel_account_id: UUID
    name: str
    channel: str
    status: str
    reason: str | None
    publications: int
    measured: int
    account_rate: float | None
    prior_alpha: float | None
    prior_beta: float | None
    prior_pooled: bool | None
    suggestions: list[SlotOut]
    slots: list[SlotOut]


class BestTimesOut(msgspec.Struct):
    brand_id: UUID
    time_zone: str
    since: datetime
    until: datetime
    level: float
    min_posts: int
    min_slot_posts: int
    accounts: list[AccountBestTimesOut]


def best_times_out(report: BestTimesReport) -> BestTimesOut:
    return msgspec.convert(dataclasses.asdict(report), BestTimesOut)


class RecommendationEvidenceOut(msgspec.Struct):
    source: str
    ref: str
    facts: dict[str, Any]


class ApiCallOut(msgspec.Struct):
    method: str
    path: str
    body: dict[str, Any] | None
    headers: dict[str, str]


class ActionOut(msgspec.Struct):
    summary: str
    calls: list[ApiCallOut]
    task: str | None
    task_input: dict[str, Any] | None


class RecommendationOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    kind: str
    # what the recommendation is about ("posting_time:<account>"): one open one per subject.
    # Not ``key``: that name marks a one-time secret in every answer (test_one_time_secrets)
    subject: str
    title: str
    rationale: str
    confidence: float
    evidence: list[RecommendationEvidenceOut]
    action: ActionOut
    status: str
    dismissed_by: UUID | None
    dismissed_at: datetime | None
    dismissal_reason: str | None
    accepted_by: UUID | None
    accepted_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class RecommendationList(msgspec.Struct):
    items: list[RecommendationOut]


class DismissIn(Input):
    reason: Annotated[str, Meta(max_length=500, examples=["we do not cover that"])] | None = None


def recommendation_out(found: Recommendation) -> RecommendationOut:
    advice = dataclasses.asdict(found.advice)
    advice.pop("kind")
    advice["subject"] = advice.pop("key")
    return msgspec.convert(
        {
            **advice,
            "id": found.id,
            "brand_id": found.brand_id,
            "kind": found.advice.kind.value,
            "status": found.status.value,
            "dismissed_by": found.dismissed_by,
            "dismissed_at": found.dismissed_at,
            "dismissal_reason": found.dismissal_reason,
            "accepted_by": found.accepted_by,
            "accepted_at": found.accepted_at,
            "version": found.version,
            "created_at": found.created_at,
            "updated_at": found.updated_at,
        },
        RecommendationOut,
    )


class ProposalCreate(Input):
    """N weeks of posts, for a project (its pieces go in it) or the brand at large: per_week
    posts per account a week (at most one a day), on the accounts named (none: every
    publishing account of the brand)."""

    project_id: UUID | None = None
    weeks: Annotated[int, Meta(ge=1, le=12, examples=[4])] = 4
    per_week: Annotated[int, Meta(ge=1, le=7, examples=[3])] = 3
    channel_account_ids: Annotated[list[UUID], Meta(max_length=10)] = msgspec.field(
        default_factory=list
    )
    starts_on: date | None = None
    content_type: Annotated[str, Meta(max_length=30, examples=["social_post"])] = "social_post"


class ProposedSlotOut(msgspec.Struct):
    channel_account_id: UUID
    channel: str
    due_at: datetime
    local_time: str
    time_zone: str
    topic: str
    topic_source: str
    content_type: str
    timing: str
    confidence: float | None


class SkippedSlotOut(msgspec.Struct):
    channel_account_id: UUID
    due_at: datetime
    reason: str


class RejectIn(Input):
    reason: Annotated[str, Meta(max_length=500, examples=["not this quarter"])] | None = None


class PlannedPieceOut(msgspec.Struct):
    slot: int
    content_id: UUID


class ProposalOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    project_id: UUID | None
    starts_on: date
    weeks: int
    per_week: int
    status: str
    slots: list[ProposedSlotOut]
    skipped: list[SkippedSlotOut]
    pieces: list[PlannedPieceOut]
    accepted_by: UUID | None
    accepted_at: datetime | None
    rejected_by: UUID | None
    rejected_at: datetime | None
    rejection_reason: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class ProposalList(msgspec.Struct):
    items: list[ProposalOut]


def proposal_out(proposal: CalendarProposal) -> ProposalOut:
    doc = dataclasses.asdict(proposal)
    doc.pop("events")
    doc["status"] = proposal.status.value
    return msgspec.convert(doc, ProposalOut)
