"""CreateAdRule, UpdateAdRule and DeleteAdRule: the automated rules on a campaign.

A rule belongs to one campaign of the actor's brands; a ``shift_to_winner`` rule names an
experiment of the same brand. Its budget bounds (floor, cap) are amounts in the campaign's
currency. Deleting keeps the recorded evaluations (the history of what the rule did).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.advertising import inputs
from umt.application.advertising.loading import load_campaign, load_rule
from umt.application.advertising.rule_inputs import rule_fields
from umt.application.agents.names import Agent
from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.errors import AdRuleInvalid
from umt.domain.advertising.rule import AdRule
from umt.domain.advertising.status import CampaignStatus
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import AdRuleId, ExperimentId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork


def _task(name: str) -> UseCase[Permission]:
    return UseCase(Permission.ADS_MANAGE, task=name, agent=Agent.CONTENT_AD_MANAGEMENT)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAdRule:
    use_case: ClassVar = _task("ad_rule.create")
    campaign_id: UUID | str
    definition: Mapping[str, Any]  # see rule_inputs.py


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateAdRule:
    use_case: ClassVar = _task("ad_rule.update")
    rule_id: UUID
    changes: Mapping[str, Any]  # any keys of a definition
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteAdRule:
    use_case: ClassVar = _task("ad_rule.delete")
    rule_id: UUID
    expected_version: int | None = None


async def create_ad_rule(
    cmd: CreateAdRule, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> AdRule:
    actor = ctx.actor()
    actor.require(CreateAdRule.use_case.permission)
    campaign_id = inputs.as_uuid(cmd.campaign_id, "campaign_id")
    fields = rule_fields(cmd.definition)
    for required in ("name", "action"):
        if required not in fields:
            raise AdRuleInvalid(f"{required} is required", field=required)
    async with ctx.uow as uow:
        campaign = await load_campaign(uow, actor, campaign_id)
        _check_campaign(campaign)
        await _check_experiment(uow, actor, campaign, fields.get("experiment_id"))
        rule = AdRule.define(
            now=clock.now(),
            id=AdRuleId(ids.new_id()),
            organization_id=actor.organization_id,
            brand_id=campaign.brand_id,
            campaign_id=campaign.id,
            **fields,
        )
        await uow.ad_rules.add(rule)
        await uow.commit()
    return rule


async def update_ad_rule(cmd: UpdateAdRule, ctx: Context, *, clock: Clock) -> AdRule:
    actor = ctx.actor()
    actor.require(UpdateAdRule.use_case.permission)
    changes = rule_fields(cmd.changes)
    async with ctx.uow as uow:
        rule = await load_rule(uow, actor, cmd.rule_id)
        if "experiment_id" in changes:
            campaign = await load_campaign(uow, actor, rule.campaign_id)
            await _check_experiment(uow, actor, campaign, changes["experiment_id"])
        rule.update(changes, now=clock.now(), expected_version=cmd.expected_version)
        await uow.ad_rules.save(rule)
        await uow.commit()
    return rule


async def delete_ad_rule(cmd: DeleteAdRule, ctx: Context, *, clock: Clock) -> None:
    actor = ctx.actor()
    actor.require(DeleteAdRule.use_case.permission)
    async with ctx.uow as uow:
        rule = await load_rule(uow, actor, cmd.rule_id)
        rule.delete(now=clock.now(), expected_version=cmd.expected_version)
        await uow.ad_rules.remove(rule)
        await uow.commit()


def _check_campaign(campaign: Campaign) -> None:
    if campaign.status in (CampaignStatus.COMPLETED, CampaignStatus.ARCHIVED):
        raise AdRuleInvalid(
            f"the campaign is {campaign.status.value}: no rule can act on it", field="campaign_id"
        )


async def _check_experiment(
    uow: UnitOfWork, actor: Principal, campaign: Campaign, experiment_id: ExperimentId | None
) -> None:
    """A named experiment is the campaign's brand's (an unknown one is a 422, not a 404)."""
    if experiment_id is None:
        return
    experiment = await uow.experiments.get(actor.organization_id, experiment_id)
    if experiment is None or experiment.brand_id != campaign.brand_id:
        raise AdRuleInvalid(f"the brand has no experiment {experiment_id}", field="experiment_id")
