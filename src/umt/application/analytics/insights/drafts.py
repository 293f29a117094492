"""Candidate insights, before they are stored: what the detectors found, with a cool-down
(days during which the same series raises nothing new; 0: once per day at most)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from umt.domain.analytics.insights.insight import EvidenceRow, InsightKind, Scope


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    kind: InsightKind
    series: str
    day: date
    measure: str
    scope: Scope
    direction: str
    headline: str
    statistics: dict[str, Any]
    evidence: tuple[EvidenceRow, ...]
    rule_id: UUID | None = None
    cooldown_days: int = 0


def rounded(value: float | None, places: int = 6) -> float | None:
    """A statistic as JSON carries it (None stays None: no score exists)."""
    return None if value is None else round(value, places)


def number(value: float) -> str:
    """A value for a headline: whole numbers without decimals."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.4g}"
