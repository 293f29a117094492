"""GetAdRule, ListAdRules and ListRuleEvaluations: a brand's rules and what they did."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.advertising.loading import load_campaign, load_rule
from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.inputs import require_sort
from umt.application.shared.paging import LIST_SORTS, paged
from umt.application.use_case import UseCase
from umt.domain.advertising.errors import AdRuleInvalid
from umt.domain.advertising.rule import AdRule
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import CampaignId
from umt.ports.ad_decision_log import RuleEvaluation
from umt.ports.pagination import Page, PageRequest

MAX_EVALUATIONS = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAdRule:
    use_case: ClassVar = UseCase(
        Permission.ADS_READ, task="ad_rule.get", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    rule_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAdRules:
    use_case: ClassVar = UseCase(
        Permission.ADS_READ, task="ad_rule.list", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    campaign_id: UUID | None = None
    page: PageRequest = field(default_factory=PageRequest)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRuleEvaluations:
    """Newest first: every judgement of the rule, with what it did (or would have done)."""

    use_case: ClassVar = UseCase(
        Permission.ADS_READ, task="ad_rule.list_evaluations", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    rule_id: UUID
    limit: int = 100


async def get_ad_rule(query: GetAdRule, ctx: Context) -> AdRule:
    actor = ctx.actor()
    actor.require(GetAdRule.use_case.permission)
    async with ctx.uow as uow:
        return await load_rule(uow, actor, query.rule_id)


async def list_ad_rules(query: ListAdRules, ctx: Context) -> Page[AdRule]:
    actor = ctx.actor()
    actor.require(ListAdRules.use_case.permission)
    require_sort(query.page, LIST_SORTS)
    async with ctx.uow as uow:
        campaign_id = None
        if query.campaign_id is not None:
            campaign_id = (await load_campaign(uow, actor, query.campaign_id)).id
        rules = await uow.ad_rules.list(
            actor.organization_id,
            campaign_id=None if campaign_id is None else CampaignId(campaign_id),
        )
    return paged([r for r in rules if actor.can_access_brand(r.brand_id)], query.page)


async def list_rule_evaluations(
    query: ListRuleEvaluations, ctx: Context
) -> Sequence[RuleEvaluation]:
    actor = ctx.actor()
    actor.require(ListRuleEvaluations.use_case.permission)
    if not 1 <= query.limit <= MAX_EVALUATIONS:
        raise AdRuleInvalid(f"limit lies between 1 and {MAX_EVALUATIONS}", field="limit")
    async with ctx.uow as uow:
        rule = await load_rule(uow, actor, query.rule_id)
        return await uow.ad_decisions.evaluations(actor.organization_id, rule.id, limit=query.limit)
