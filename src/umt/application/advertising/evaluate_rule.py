"""EvaluateAdRule (task ``ad_rule.evaluate``): judge a rule now, on each subject it covers.

With ``dry_run`` it is a preview: every evaluation is recorded (and audited) with what the
rule would do, nothing is done and no event is sent, whatever the rule's mode. Without, it is
the loop's judgement run by hand: once per rule, subject and minute (the slot), within the
rule's cooldown and daily maximum like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.advertising.loading import account_of, load_campaign, load_rule
from umt.application.advertising.remote import Remote, remote_for
from umt.application.advertising.rule_actions import RemoteOf, subjects_of
from umt.application.advertising.rule_evaluation import Judgement, judge
from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.errors import AdRuleInvalid, CampaignNotDelivering
from umt.domain.identity.permissions import Permission
from umt.domain.integration.platforms import Platform
from umt.ports.ad_decision_log import RuleEvaluation
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.platform_connector import PlatformConnector
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluateAdRule:
    use_case: ClassVar = UseCase(
        Permission.ADS_MANAGE, task="ad_rule.evaluate", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    rule_id: UUID
    dry_run: bool = True  # as over HTTP and in the library: acting is asked for


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleEvaluationReport:
    rule_id: UUID
    dry_run: bool
    evaluations: Sequence[RuleEvaluation]  # one per subject judged (none: claimed elsewhere)


def remote_resolver(
    platforms: Mapping[Platform, PlatformConnector],
    channel_credentials: ChannelCredentials,
) -> RemoteOf:
    """How a rule's action reaches the campaign's ad network."""

    async def remote_of(uow: UnitOfWork, campaign: Campaign) -> Remote:
        return await remote_for(await account_of(uow, campaign), platforms, channel_credentials)

    return remote_of


async def evaluate_ad_rule(
    cmd: EvaluateAdRule,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    platforms: Mapping[Platform, PlatformConnector],
    channel_credentials: ChannelCredentials,
) -> RuleEvaluationReport:
    actor = ctx.actor()
    actor.require(EvaluateAdRule.use_case.permission)
    async with ctx.uow as uow:
        rule = await load_rule(uow, actor, cmd.rule_id)
        campaign = await load_campaign(uow, actor, rule.campaign_id)
    if rule.condition is None:
        raise AdRuleInvalid(
            "a shift_to_winner rule acts when its experiment concludes", field="rule_id"
        )
    if not rule.enabled and not cmd.dry_run:
        raise AdRuleInvalid(
            "the rule is disabled: enable it, or ask for a dry run", field="enabled"
        )
    subjects = subjects_of(rule, campaign)
    if not subjects:
        raise CampaignNotDelivering(
            f"the campaign is {campaign.status.value} with nothing delivering to judge"
        )
    now = clock.now()
    remote_of = remote_resolver(platforms, channel_credentials)
    evaluations: list[RuleEvaluation] = []
    for subject in subjects:
        slot = f"preview:{ids.new_id()}" if cmd.dry_run else f"manual:{now:%Y-%m-%dT%H:%M}"
        judgement = Judgement(
            organization_id=actor.organization_id,
            rule_id=rule.id,
            subject=subject,
            now=now,
            slot=slot,
            preview=cmd.dry_run,
        )
        done = await judge(ctx.separate_uow, judgement, ids=ids, remote_of=remote_of)
        if done is not None:
            evaluations.append(done)
    return RuleEvaluationReport(rule_id=rule.id, dry_run=cmd.dry_run, evaluations=evaluations)
