"""The Insight aggregate: something the detection found in a brand's rollups (an anomaly, a
trend change, a threshold crossed), with the statistics that make it one and the rollup rows
behind it, so a user can check it. Raised once: its ``key`` (series and day) is unique per
brand, and ``insight.detected`` is recorded only when it is first stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.events import EventFacts, TypedEvent

MAX_EVIDENCE = 200  # rollup rows kept with an insight


class InsightKind(StrEnum):
    ANOMALY = "anomaly"
    TREND_CHANGE = "trend_change"
    THRESHOLD = "threshold"


class InsightStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """What a series covers: the whole brand, one channel, or one subject."""

    channel: str | None = None
    subject_kind: str | None = None
    subject_id: UUID | None = None

    @property
    def label(self) -> str:
        if self.subject_id is not None:
            return f"{self.subject_kind}:{self.subject_id}"
        return f"channel:{self.channel}" if self.channel else "brand"

    def as_data(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "subject_kind": self.subject_kind,
            "subject_id": None if self.subject_id is None else str(self.subject_id),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceRow:
    """One rollup value behind an insight: a bucket (a subject's) or a day's sum (a brand's or
    a channel's: subject empty; channel empty for every channel)."""

    day: date
    metric: str
    value: Decimal
    channel: str | None = None
    subject_kind: str | None = None
    subject_id: UUID | None = None
    role: str = "history"  # "latest", "history", "before", "after", "window"


@dataclass(frozen=True, slots=True, kw_only=True)
class InsightFound(EventFacts):
    brand_id: UUID
    kind: str
    measure: str
    scope: dict[str, Any]
    day: str
    direction: str
    headline: str
    statistics: dict[str, Any]
    rule_id: str | None
    evidence_rows: int


@dataclass(frozen=True, slots=True, kw_only=True)
class InsightDetected(TypedEvent[InsightFound]):
    event_type: ClassVar[str] = "insight.detected"
    aggregate_type: ClassVar[str] = "insight"


@dataclass(slots=True, kw_only=True)
class Insight(AggregateRoot):
    id: UUID
    organization_id: UUID
    brand_id: UUID
    kind: InsightKind
    series: str  # what it is about, e.g. "anomaly:clicks:channel:linkedin"
    day: date  # the brand's day it is about (the latest day of its evidence)
    measure: str
    scope: Scope
    direction: str  # "up" or "down"
    headline: str
    statistics: dict[str, Any]  # JSON-ready numbers, per kind (docs/analytics.md)
    evidence: tuple[EvidenceRow, ...]
    rule_id: UUID | None = None
    status: InsightStatus = InsightStatus.OPEN
    status_by: UUID | None = None
    detected_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def key(self) -> str:
        """Unique per brand: a series raises one insight per day at most."""
        return f"{self.series}@{self.day.isoformat()}"

    @classmethod
    def detect(cls, *, now: datetime, **fields: Any) -> Insight:
        """A new insight, with its ``insight.detected`` event."""
        fields["evidence"] = tuple(fields.get("evidence", ()))[:MAX_EVIDENCE]
        insight = cls(detected_at=now, updated_at=now, **fields)
        insight._record(
            InsightDetected,
            now,
            InsightFound(
                brand_id=insight.brand_id,
                kind=insight.kind.value,
                measure=insight.measure,
                scope=insight.scope.as_data(),
                day=insight.day.isoformat(),
                direction=insight.direction,
                headline=insight.headline,
                statistics=dict(insight.statistics),
                rule_id=None if insight.rule_id is None else str(insight.rule_id),
                evidence_rows=len(insight.evidence),
            ),
        )
        return insight

    def mark(
        self,
        status: InsightStatus,
        *,
        by: UUID,
        now: datetime,
        expected_version: int | None = None,
    ) -> None:
        """Acknowledge or dismiss (a dismissed insight stays dismissed; the same status again
        changes nothing)."""
        if expected_version is not None and expected_version != self.version:
            raise StaleVersion(
                f"insight is at version {self.version}, the change was made against"
                f" version {expected_version}"
            )
        if status is self.status:
            return
        if status is InsightStatus.OPEN or self.status is InsightStatus.DISMISSED:
            raise InsightStatusRefused(
                f"an {self.status.value} insight cannot become {status.value}"
            )
        self.status = status
        self.status_by = by
        self.updated_at = now
        self.version += 1


class InsightStatusRefused(Conflict):
    code = "insight_status_refused"
