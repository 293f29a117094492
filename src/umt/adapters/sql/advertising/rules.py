"""The SQL AdRuleRepository, with its explicit row mapper."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import RowMapping, delete, insert, select, update

from umt.adapters.sql.advertising.documents import definition_document, definition_from
from umt.adapters.sql.advertising.tables import ad_rules
from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.advertising.rule import AdRule, RuleAction, RuleLevel
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import AdRuleId, CampaignId, ExperimentId, OrganizationId
from umt.ports.ad_rule_repository import AdRuleRepository
from umt.ports.aggregate_tracker import AggregateTracker

_IMMUTABLE = ("id", "organization_id", "brand_id", "campaign_id", "created_at")


def rule_to_row(rule: AdRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "organization_id": rule.organization_id,
        "brand_id": rule.brand_id,
        "campaign_id": rule.campaign_id,
        "experiment_id": rule.experiment_id,
        "name": rule.name,
        "level": rule.level.value,
        "action": rule.action.value,
        "definition": definition_document(rule.condition, rule.minimum, rule.adjustment),
        "cooldown_seconds": int(rule.cooldown.total_seconds()),
        "max_actions_per_day": rule.max_actions_per_day,
        "dry_run": rule.dry_run,
        "enabled": rule.enabled,
        "version": rule.version,
        "created_at": rule.created_at,
        "updated_at": rule.updated_at,
    }


def rule_from_row(row: RowMapping) -> AdRule:
    condition, minimum, adjustment = definition_from(row["definition"])
    return AdRule(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        campaign_id=row["campaign_id"],
        experiment_id=row["experiment_id"],
        name=row["name"],
        level=RuleLevel(row["level"]),
        action=RuleAction(row["action"]),
        condition=condition,
        minimum=minimum,
        adjustment=adjustment,
        cooldown=timedelta(seconds=row["cooldown_seconds"]),
        max_actions_per_day=row["max_actions_per_day"],
        dry_run=bool(row["dry_run"]),
        enabled=bool(row["enabled"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlAdRuleRepository(SqlRepository, AdRuleRepository):
    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded: dict[int, int] = {}

    async def get(self, organization_id: OrganizationId, rule_id: AdRuleId) -> AdRule | None:
        found = await self._select(
            ad_rules.c.id == rule_id, ad_rules.c.organization_id == organization_id
        )
        return found[0] if found else None

    async def add(self, rule: AdRule) -> None:
        await self._execute(insert(ad_rules), rule_to_row(rule))
        self._track(rule)

    async def save(self, rule: AdRule) -> None:
        values = {k: v for k, v in rule_to_row(rule).items() if k not in _IMMUTABLE}
        result = await self._execute(update(ad_rules).where(*self._where(rule)).values(values))
        if result.rowcount == 0:
            raise StaleVersion(f"ad rule {rule.id} was changed meanwhile; reload it")
        self._track(rule)

    async def remove(self, rule: AdRule) -> None:
        result = await self._execute(delete(ad_rules).where(*self._where(rule)))
        if result.rowcount == 0:
            raise StaleVersion(f"ad rule {rule.id} was changed meanwhile; reload it")
        self._tracker.track(rule)

    async def list(
        self, organization_id: OrganizationId, *, campaign_id: CampaignId | None = None
    ) -> Sequence[AdRule]:
        conditions = [ad_rules.c.organization_id == organization_id]
        if campaign_id is not None:
            conditions.append(ad_rules.c.campaign_id == campaign_id)
        return await self._select(*conditions)

    async def for_campaign(self, campaign_id: CampaignId) -> Sequence[AdRule]:
        return await self._select(ad_rules.c.campaign_id == campaign_id, ad_rules.c.enabled)

    async def for_experiment(
        self, organization_id: OrganizationId, experiment_id: ExperimentId
    ) -> Sequence[AdRule]:
        return await self._select(
            ad_rules.c.organization_id == organization_id,
            ad_rules.c.experiment_id == experiment_id,
            ad_rules.c.enabled,
        )

    def _where(self, rule: AdRule) -> builtins.list[Any]:
        conditions = [ad_rules.c.id == rule.id, ad_rules.c.organization_id == rule.organization_id]
        expected = self._loaded.get(id(rule))
        if expected is not None:
            conditions.append(ad_rules.c.version == expected)
        return conditions

    async def _select(self, *conditions: Any) -> builtins.list[AdRule]:
        result = await self._execute(
            select(ad_rules).where(*conditions).order_by(ad_rules.c.created_at, ad_rules.c.id)
        )
        return [self._track(rule_from_row(row)) for row in result.mappings()]

    def _track(self, rule: AdRule) -> AdRule:
        self._tracker.track(rule)
        self._loaded[id(rule)] = rule.version
        return rule
