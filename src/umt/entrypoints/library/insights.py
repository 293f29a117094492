"""``platform.insights`` (as /api/v1/brands/{brand_id}/analytics/insights and …/alert-rules).

Detect a brand's insights now (anomalies, trend changes, threshold alerts; each raised and
announced once), list and read them with the rollup rows behind them, acknowledge or dismiss
them, rank the brand's performers, and keep its alert rules. Reading needs
``analytics:read``; detecting, marking and the rules ``analytics:manage``.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from umt.application.analytics.insights.alert_rules import (
    CreateAlertRule,
    DeleteAlertRule,
    ListAlertRules,
    UpdateAlertRule,
)
from umt.application.analytics.insights.detect_insights import DetectInsights, DetectionReport
from umt.application.analytics.insights.mark_insight import MarkInsight
from umt.application.analytics.insights.performers import GetPerformers, PerformersReport
from umt.application.analytics.insights.queries import GetInsight, ListInsights
from umt.application.analytics.insights.views import AlertRuleView, InsightView
from umt.domain.analytics.insights.alert_rule import AlertRule
from umt.domain.analytics.insights.insight import Insight
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.pagination import DEFAULT_PAGE_SIZE, Page


class InsightsApi(BusApi):
    """A brand's insights, performers and alert rules."""

    async def detect(
        self, session: Session, brand_id: UUID, *, direction: str | None = None
    ) -> builtins.list[InsightView]:
        """Judge the brand's latest complete day now; the insights raised by this call (those
        raised before are not raised again)."""
        command = DetectInsights(brand_id=brand_id, direction=direction)
        report = await self._ask(session, command, DetectionReport)
        return [InsightView.of(i) for i in report.raised]

    async def list(
        self,
        session: Session,
        brand_id: UUID,
        *,
        kind: str | None = None,
        status: str | None = None,
        measure: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
        cursor: str | None = None,
    ) -> Page[InsightView]:
        """One page, newest first (``next_cursor`` for the next)."""
        query = ListInsights(
            brand_id=brand_id, kind=kind, status=status, measure=measure, since=since,
            until=until, limit=limit, cursor=cursor,
        )  # fmt: skip
        page = await self._ask(session, query, Page[Insight])
        return Page([InsightView.of(i) for i in page.items], page.next_cursor)

    async def get(self, session: Session, brand_id: UUID, insight_id: UUID) -> InsightView:
        query = GetInsight(brand_id=brand_id, insight_id=insight_id)
        return InsightView.of(await self._ask(session, query, Insight))

    async def mark(
        self,
        session: Session,
        brand_id: UUID,
        insight_id: UUID,
        status: str,
        *,
        expected_version: int | None = None,
    ) -> InsightView:
        """``acknowledged`` or ``dismissed``."""
        command = MarkInsight(
            brand_id=brand_id,
            insight_id=insight_id,
            status=status,
            expected_version=expected_version,
        )
        return InsightView.of(await self._ask(session, command, Insight))

    async def performers(
        self,
        session: Session,
        brand_id: UUID,
        *,
        measure: str = "engagement_rate",
        since: date | None = None,
        until: date | None = None,
        subject_kind: str = "publication",
        limit: int = 5,
        min_trials: int = 100,
    ) -> PerformersReport:
        query = GetPerformers(
            brand_id=brand_id, measure=measure, since=since, until=until,
            subject_kind=subject_kind, limit=limit, min_trials=min_trials,
        )  # fmt: skip
        return await self._ask(session, query, PerformersReport)

    async def create_rule(
        self, session: Session, brand_id: UUID, definition: Mapping[str, Any]
    ) -> AlertRuleView:
        """``definition`` as the HTTP body: name, measure, comparison, threshold, and
        optionally scope, window_days, enabled."""
        command = CreateAlertRule(brand_id=brand_id, definition=definition)
        return AlertRuleView.of(await self._ask(session, command, AlertRule))

    async def update_rule(
        self,
        session: Session,
        brand_id: UUID,
        rule_id: UUID,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> AlertRuleView:
        command = UpdateAlertRule(
            brand_id=brand_id, rule_id=rule_id, changes=changes, expected_version=expected_version
        )
        return AlertRuleView.of(await self._ask(session, command, AlertRule))

    async def delete_rule(
        self,
        session: Session,
        brand_id: UUID,
        rule_id: UUID,
        *,
        expected_version: int | None = None,
    ) -> None:
        command = DeleteAlertRule(
            brand_id=brand_id, rule_id=rule_id, expected_version=expected_version
        )
        await self._send(session, command)

    async def rules(self, session: Session, brand_id: UUID) -> builtins.list[AlertRuleView]:
        found = await self._ask(
            session, ListAlertRules(brand_id=brand_id), builtins.list[AlertRule]
        )
        return [AlertRuleView.of(r) for r in found]
