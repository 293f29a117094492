"""The insights' events, driven through their aggregates with fixed ids and times, for the
pinned payloads of tests/unit/domain/test_event_payloads.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from umt.domain.analytics.insights.alert_rule import AlertRule, Comparison
from umt.domain.analytics.insights.insight import (
    EvidenceRow,
    Insight,
    InsightKind,
    Scope,
)
from umt.domain.shared.events import DomainEvent

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def insight_events(organization_id: UUID) -> Iterator[DomainEvent]:
    brand = UUID(int=10)
    rule = AlertRule.define(
        now=T0,
        id=UUID(int=90),
        organization_id=organization_id,
        brand_id=brand,
        name="Clicks on LinkedIn",
        measure="clicks",
        scope=Scope(channel="linkedin"),
        comparison=Comparison.GT,
        threshold=Decimal("50"),
        window_days=3,
    )
    rule.update({"threshold": Decimal("60")}, now=T0 + timedelta(minutes=1))
    rule.delete(now=T0 + timedelta(minutes=2))
    yield from rule.events
    insight = Insight.detect(
        now=T0,
        id=UUID(int=91),
        organization_id=organization_id,
        brand_id=brand,
        kind=InsightKind.ANOMALY,
        series="anomaly:clicks:brand",
        day=date(2026, 1, 4),
        measure="clicks",
        scope=Scope(),
        direction="up",
        headline="clicks (brand) up on Sunday 2026-01-04: 20 against a median of 11",
        statistics={"value": 20.0, "median": 11.0, "z": 6.0705, "method": "mad"},
        evidence=(EvidenceRow(day=date(2026, 1, 4), metric="clicks", value=Decimal(20)),),
    )
    yield from insight.events
