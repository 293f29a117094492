"""Frozen views of insights and alert rules, for callers outside the application (the library
facade): nothing on them changes what a repository holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from umt.application.read_models import snapshot
from umt.domain.analytics.insights.alert_rule import AlertRule, Comparison
from umt.domain.analytics.insights.insight import (
    EvidenceRow,
    Insight,
    InsightKind,
    InsightStatus,
    Scope,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class InsightView:
    id: UUID
    brand_id: UUID
    kind: InsightKind
    series: str
    day: date
    measure: str
    scope: Scope
    direction: str
    headline: str
    statistics: dict[str, Any]
    evidence: tuple[EvidenceRow, ...]
    rule_id: UUID | None
    status: InsightStatus
    status_by: UUID | None
    detected_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, insight: Insight) -> InsightView:
        return snapshot(cls, insight)


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertRuleView:
    id: UUID
    brand_id: UUID
    name: str
    measure: str
    scope: Scope
    comparison: Comparison
    threshold: Decimal
    window_days: int
    enabled: bool
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, rule: AlertRule) -> AlertRuleView:
        return snapshot(cls, rule)
