"""CreateAlertRule, UpdateAlertRule, DeleteAlertRule, GetAlertRule and ListAlertRules: a
brand's threshold alert rules (at most ``max_alert_rules`` per brand)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.analytics.insights.access import brand_of
from umt.application.analytics.insights.config import InsightConfig
from umt.application.analytics.insights.rule_inputs import rule_fields
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.analytics.insights.alert_rule import AlertRule, AlertRuleInvalid
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import Conflict, NotFound
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork


class TooManyAlertRules(Conflict):
    code = "too_many_alert_rules"


def _task(name: str, permission: Permission) -> UseCase[Permission]:
    return UseCase(permission, task=name, agent=Agent.CONTENT_STRATEGY)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAlertRule:
    use_case: ClassVar = _task("alert_rule.create", Permission.ANALYTICS_MANAGE)
    brand_id: UUID
    definition: Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateAlertRule:
    use_case: ClassVar = _task("alert_rule.update", Permission.ANALYTICS_MANAGE)
    brand_id: UUID
    rule_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteAlertRule:
    use_case: ClassVar = _task("alert_rule.delete", Permission.ANALYTICS_MANAGE)
    brand_id: UUID
    rule_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAlertRule:
    use_case: ClassVar = UseCase(Permission.ANALYTICS_READ)
    brand_id: UUID
    rule_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAlertRules:
    use_case: ClassVar = _task("alert_rule.list", Permission.ANALYTICS_READ)
    brand_id: UUID


async def create_alert_rule(
    cmd: CreateAlertRule,
    ctx: Context,
    *,
    ids: IdGenerator,
    clock: Clock,
    brand_reader: BrandReader,
    insight_config: InsightConfig,
) -> AlertRule:
    actor, _ = await brand_of(ctx, CreateAlertRule.use_case.permission, cmd.brand_id, brand_reader)
    fields = rule_fields(cmd.definition)
    for required in ("name", "measure", "comparison", "threshold"):
        if required not in fields:
            raise AlertRuleInvalid(f"{required} is required", field=required)
    async with ctx.uow as uow:
        existing = await uow.alert_rules.list(actor.organization_id, cmd.brand_id)
        if len(existing) >= insight_config.max_alert_rules:
            raise TooManyAlertRules(
                f"a brand has at most {insight_config.max_alert_rules} alert rules"
            )
        rule = AlertRule.define(
            now=clock.now(),
            id=ids.new_id(),
            organization_id=actor.organization_id,
            brand_id=cmd.brand_id,
            **fields,
        )
        await uow.alert_rules.add(rule)
        await uow.commit()
    return rule


async def update_alert_rule(
    cmd: UpdateAlertRule, ctx: Context, *, clock: Clock, brand_reader: BrandReader
) -> AlertRule:
    actor, _ = await brand_of(ctx, UpdateAlertRule.use_case.permission, cmd.brand_id, brand_reader)
    changes = rule_fields(cmd.changes)
    async with ctx.uow as uow:
        rule = await _load(uow, actor.organization_id, cmd.brand_id, cmd.rule_id)
        rule.update(changes, now=clock.now(), expected_version=cmd.expected_version)
        await uow.alert_rules.save(rule)
        await uow.commit()
    return rule


async def delete_alert_rule(
    cmd: DeleteAlertRule, ctx: Context, *, clock: Clock, brand_reader: BrandReader
) -> None:
    actor, _ = await brand_of(ctx, DeleteAlertRule.use_case.permission, cmd.brand_id, brand_reader)
    async with ctx.uow as uow:
        rule = await _load(uow, actor.organization_id, cmd.brand_id, cmd.rule_id)
        rule.delete(now=clock.now(), expected_version=cmd.expected_version)
        await uow.alert_rules.remove(rule)
        await uow.commit()


async def get_alert_rule(
    cmd: GetAlertRule, ctx: Context, *, brand_reader: BrandReader
) -> AlertRule:
    actor, _ = await brand_of(ctx, GetAlertRule.use_case.permission, cmd.brand_id, brand_reader)
    async with ctx.uow as uow:
        return await _load(uow, actor.organization_id, cmd.brand_id, cmd.rule_id)


async def list_alert_rules(
    cmd: ListAlertRules, ctx: Context, *, brand_reader: BrandReader
) -> list[AlertRule]:
    actor, _ = await brand_of(ctx, ListAlertRules.use_case.permission, cmd.brand_id, brand_reader)
    async with ctx.uow as uow:
        return list(await uow.alert_rules.list(actor.organization_id, cmd.brand_id))


async def _load(uow: UnitOfWork, organization_id: UUID, brand_id: UUID, rule_id: UUID) -> AlertRule:
    rule = await uow.alert_rules.get(organization_id, rule_id)
    if rule is None or rule.brand_id != brand_id:
        raise NotFound(f"alert rule {rule_id} not found")
    return rule
