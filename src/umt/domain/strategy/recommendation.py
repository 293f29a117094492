"""A Recommendation: one thing the content strategy suggests doing, with the evidence behind
it, how confident it is, and the exact call that acts on it.

A brand's recommendations are regenerated from its data; each has a ``key`` naming what it is
about (``posting_time:<account>``, ``topic:<phrase>``...), unique per brand, so the same data
gives the same recommendations and a regeneration updates them in place. A member decides on
an open one once: **accepted** (taken up: its action is being acted on) or **dismissed**; a
decided one keeps its content and status (a regeneration neither changes, removes nor brings it
back), and the decision records ``recommendation.accepted`` or ``recommendation.dismissed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import Conflict, require_version
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.domain.strategy import events as ev

Facts = Mapping[str, Any]  # JSON values: the rows' ids and the statistics behind a claim


class RecommendationKind(StrEnum):
    TOPIC = "topic"
    FORMAT = "format"
    CHANNEL = "channel"
    POSTING_TIME = "posting_time"
    BUDGET_SHIFT = "budget_shift"


class RecommendationStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class RecommendationDismissed(Conflict):
    code = "recommendation_dismissed"


class RecommendationAccepted(Conflict):
    code = "recommendation_accepted"


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """One source behind a recommendation: where it comes from (``research.topic_gaps``,
    ``analytics.rollups``, ``experiments``, ``advertising.performance``), which row (an id or
    a URL) and its figures."""

    source: str
    ref: str
    facts: Facts = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiCall:
    """An exact call of umt's API: method, path (from /api/v1), body and headers."""

    method: str
    path: str
    body: Facts | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """What acting on it takes: the calls, in order, and the same as an agent task."""

    summary: str
    calls: tuple[ApiCall, ...]
    task: str | None = None
    task_input: Facts | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice:
    """What a generation run found: a recommendation's content, before it is stored."""

    kind: RecommendationKind
    key: str
    title: str
    rationale: str
    confidence: float  # 0..1
    evidence: tuple[Evidence, ...]
    action: Action


@dataclass(slots=True, kw_only=True)
class Recommendation(AggregateRoot):
    id: UUID
    organization_id: OrganizationId
    brand_id: BrandId
    advice: Advice
    status: RecommendationStatus = RecommendationStatus.OPEN
    dismissed_by: UserId | None = None
    dismissed_at: datetime | None = None
    dismissal_reason: str | None = None
    accepted_by: UserId | None = None
    accepted_at: datetime | None = None
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @property
    def key(self) -> str:
        return self.advice.key

    def refresh(self, advice: Advice, *, now: datetime) -> bool:
        """Take a regeneration's content (an open one only); whether anything changed."""
        if self.status is not RecommendationStatus.OPEN or advice == self.advice:
            return False
        self.advice = advice
        self.version += 1
        self.updated_at = now
        return True

    def dismiss(
        self,
        *,
        by: UserId,
        reason: str | None,
        now: datetime,
        expected_version: int | None = None,
    ) -> None:
        self._decide(expected_version)
        self.status = RecommendationStatus.DISMISSED
        self.dismissed_by, self.dismissed_at, self.dismissal_reason = by, now, reason
        self.version += 1
        self.updated_at = now
        self._record(ev.RecommendationWasDismissed, now, self._decision(by, reason))

    def accept(self, *, by: UserId, now: datetime, expected_version: int | None = None) -> None:
        """A member took it up (the action is being acted on)."""
        self._decide(expected_version)
        self.status = RecommendationStatus.ACCEPTED
        self.accepted_by, self.accepted_at = by, now
        self.version += 1
        self.updated_at = now
        self._record(ev.RecommendationAccepted, now, self._decision(by, None))

    def _decide(self, expected_version: int | None) -> None:
        require_version("recommendation", self.version, expected_version)
        if self.status is RecommendationStatus.DISMISSED:
            raise RecommendationDismissed("the recommendation is already dismissed")
        if self.status is RecommendationStatus.ACCEPTED:
            raise RecommendationAccepted("the recommendation is already accepted")

    def _decision(self, by: UserId, reason: str | None) -> ev.RecommendationDecision:
        return ev.RecommendationDecision(
            brand_id=self.brand_id,
            key=self.key,
            kind=self.advice.kind.value,
            title=self.advice.title,
            confidence=self.advice.confidence,
            by=by,
            reason=reason,
        )
