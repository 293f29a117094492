"""The SQL InsightRepository and AlertRuleRepository (PostgreSQL and SQLite)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.analytics.tables import metric_rollups
from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.insights.mappers import (
    insight_from_row,
    insight_row,
    rule_from_row,
    rule_row,
)
from umt.adapters.sql.insights.tables import alert_rules, insights
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_date, parse_datetime
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.analytics.insights.alert_rule import AlertRule
from umt.domain.analytics.insights.insight import Insight
from umt.domain.shared.errors import StaleVersion
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.alert_rule_repository import AlertRuleRepository
from umt.ports.insight_repository import InsightFilter, InsightRepository
from umt.ports.pagination import Page, PageRequest

SORT_KEYS = {
    "detected_at": SortKey(insights.c.detected_at, parse_datetime),
    "day": SortKey(insights.c.day, parse_date),
}
_KEY_COLUMNS = ("organization_id", "brand_id", "key")


class SqlInsightRepository(SqlRepository, InsightRepository):
    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded: dict[UUID, int] = {}

    async def add_new(self, insight: Insight) -> bool:
        # ON CONFLICT DO NOTHING, never a caught unique violation: on PostgreSQL that would
        # abort the transaction; a concurrent twin makes this wait for its commit, then skip
        row = insight_row(insight)
        if self._dialect == "postgresql":
            statement: Any = (
                pg_insert(insights).values(row).on_conflict_do_nothing(constraint="uq_insights_key")
            )
        else:
            statement = (
                sqlite_insert(insights)
                .values(row)
                .on_conflict_do_nothing(index_elements=_KEY_COLUMNS)
            )
        result = await self._execute(statement)
        if not result.rowcount:
            return False
        self._loaded[insight.id] = insight.version
        self._tracker.track(insight)
        return True

    async def get(self, organization_id: UUID, insight_id: UUID) -> Insight | None:
        result = await self._execute(
            select(insights).where(
                insights.c.organization_id == organization_id, insights.c.id == insight_id
            )
        )
        row = result.mappings().first()
        if row is None:
            return None
        insight = insight_from_row(row)
        self._loaded[insight.id] = insight.version
        self._tracker.track(insight)
        return insight

    async def save(self, insight: Insight) -> None:
        conditions = [
            insights.c.id == insight.id,
            insights.c.organization_id == insight.organization_id,
        ]
        expected = self._loaded.get(insight.id)
        if expected is not None:
            conditions.append(insights.c.version == expected)
        result = await self._execute(
            update(insights)
            .where(*conditions)
            .values(
                status=insight.status.value,
                status_by=insight.status_by,
                updated_at=insight.updated_at,
                version=insight.version,
            )
        )
        if result.rowcount == 0:
            raise StaleVersion(f"insight {insight.id} was changed meanwhile; reload it")
        self._loaded[insight.id] = insight.version
        self._tracker.track(insight)

    async def list(
        self, organization_id: UUID, brand_id: UUID, filters: InsightFilter, page: PageRequest
    ) -> Page[Insight]:
        c = insights.c
        query = select(insights).where(c.organization_id == organization_id, c.brand_id == brand_id)
        if filters.kind is not None:
            query = query.where(c.kind == filters.kind.value)
        if filters.status is not None:
            query = query.where(c.status == filters.status.value)
        if filters.measure is not None:
            query = query.where(c.measure == filters.measure)
        if filters.since is not None:
            query = query.where(c.day >= filters.since)
        if filters.until is not None:
            query = query.where(c.day <= filters.until)
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=c.id, page=page, dialect=self._dialect
        )
        result = await self._execute(query)
        items = [insight_from_row(row) for row in result.mappings()]
        return build_page(
            items, page, sort_value=lambda i: getattr(i, page.sort), item_id=lambda i: i.id
        )

    async def last_day(self, organization_id: UUID, brand_id: UUID, series: str) -> date | None:
        c = insights.c
        result = await self._execute(
            select(func.max(c.day)).where(
                c.organization_id == organization_id, c.brand_id == brand_id, c.series == series
            )
        )
        found = result.scalar()
        if isinstance(found, str):  # SQLite's max() of a DATE column is its text
            return date.fromisoformat(found)
        return found if isinstance(found, date) else None

    async def brands_with_rollups(self, since: date) -> Sequence[tuple[UUID, UUID]]:
        r = metric_rollups.c
        result: Any = await self._execute(
            select(r.organization_id, r.brand_id)
            .where(r.day >= since)
            .distinct()
            .order_by(r.organization_id, r.brand_id)
        )
        found: list[tuple[UUID, UUID]] = [(row[0], row[1]) for row in result.all()]
        return sorted(found, key=lambda pair: (str(pair[0]), str(pair[1])))


class SqlAlertRuleRepository(SqlRepository, AlertRuleRepository):
    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded: dict[UUID, int] = {}

    async def get(self, organization_id: UUID, rule_id: UUID) -> AlertRule | None:
        found = await self._select(
            alert_rules.c.id == rule_id, alert_rules.c.organization_id == organization_id
        )
        return found[0] if found else None

    async def add(self, rule: AlertRule) -> None:
        await self._execute(insert(alert_rules), rule_row(rule))
        self._track(rule)

    async def save(self, rule: AlertRule) -> None:
        values = {
            k: v
            for k, v in rule_row(rule).items()
            if k not in ("id", "organization_id", "brand_id", "created_at")
        }
        result = await self._execute(update(alert_rules).where(*self._where(rule)).values(values))
        if result.rowcount == 0:
            raise StaleVersion(f"alert rule {rule.id} was changed meanwhile; reload it")
        self._track(rule)

    async def remove(self, rule: AlertRule) -> None:
        result = await self._execute(delete(alert_rules).where(*self._where(rule)))
        if result.rowcount == 0:
            raise StaleVersion(f"alert rule {rule.id} was changed meanwhile; reload it")
        self._tracker.track(rule)

    async def list(self, organization_id: UUID, brand_id: UUID) -> builtins.list[AlertRule]:
        return await self._select(
            alert_rules.c.organization_id == organization_id, alert_rules.c.brand_id == brand_id
        )

    def _where(self, rule: AlertRule) -> builtins.list[Any]:
        c = alert_rules.c
        conditions = [c.id == rule.id, c.organization_id == rule.organization_id]
        expected = self._loaded.get(rule.id)
        if expected is not None:
            conditions.append(c.version == expected)
        return conditions

    async def _select(self, *conditions: Any) -> builtins.list[AlertRule]:
        result = await self._execute(
            select(alert_rules)
            .where(*conditions)
            .order_by(alert_rules.c.created_at, alert_rules.c.id)
        )
        return [self._track(rule_from_row(row)) for row in result.mappings()]

    def _track(self, rule: AlertRule) -> AlertRule:
        self._tracker.track(rule)
        self._loaded[rule.id] = rule.version
        return rule
