"""Budget toward winners: when an experiment concludes with a winner, each enabled
``shift_to_winner`` rule naming it moves its percentage of the losing arms' ad set budgets
to the winner's (``domain/advertising/winners.py`` does the arithmetic).

The content-ad-management agent follows ``experiment.concluded``; the handler runs in the
event's unit of work (its inbox claim included), so a redelivered event shifts nothing twice,
and each rule's evaluation is recorded under the slot ``experiment:<id>`` (one per rule and
campaign). Cuts go first, then raises, each on the platform before the campaign; a refused
call rolls everything back and the event is retried (budgets are set absolutely, so what
reached the platform before is simply set again).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from uuid import UUID

from umt.application.advertising.evaluate_rule import remote_resolver
from umt.application.advertising.rule_actions import RemoteOf
from umt.application.advertising.rule_evaluation import audit_evaluation
from umt.application.messaging.envelope import EventMessage
from umt.application.services import Context
from umt.domain.advertising.rule import AdRule, Outcome
from umt.domain.advertising.status import BUDGET_CHANGEABLE
from umt.domain.advertising.winners import ArmContent, BudgetShift, shift_to_winner
from umt.domain.experiments.experiment import Experiment
from umt.domain.integration.platforms import Platform
from umt.domain.shared.ids import ExperimentId, OrganizationId
from umt.ports.ad_decision_log import RuleEvaluation
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.platform_connector import PlatformConnector
from umt.ports.unit_of_work import UnitOfWork

PATTERNS = ("experiment.concluded",)
REASON = "experiment_winner"


async def on_experiment_concluded(
    event: EventMessage,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    platforms: Mapping[Platform, PlatformConnector],
    channel_credentials: ChannelCredentials,
) -> None:
    """The agent's handler for ``experiment.concluded``."""
    try:
        organization_id = OrganizationId(UUID(str(event.payload.get("organization_id"))))
        experiment_id = ExperimentId(UUID(str(event.payload.get("aggregate_id"))))
    except ValueError:
        return  # not an experiment of an organization: nothing can follow it
    data = event.payload.get("data")
    winner = data.get("winner") if isinstance(data, dict) else None
    if not isinstance(winner, dict):
        return  # concluded without a winner: nothing moves
    remote_of = remote_resolver(platforms, channel_credentials)
    async with ctx.uow as uow:
        rules = await uow.ad_rules.for_experiment(organization_id, experiment_id)
        if not rules:
            return
        experiment = await uow.experiments.get(organization_id, experiment_id)
        if experiment is None:
            return
        arms = _arms(experiment, str(winner.get("arm", "")))
        if arms is None:
            return
        for rule in rules:
            await _shift(uow, rule, experiment_id, arms, clock, ids, remote_of)
        await uow.commit()


def _arms(experiment: Experiment, winner: str) -> tuple[ArmContent, list[ArmContent]] | None:
    won = next((arm for arm in experiment.arms if arm.name == winner), None)
    if won is None:
        return None
    losers = [
        ArmContent(arm.content_id, arm.content_version_id)
        for arm in experiment.arms
        if arm.name != winner
    ]
    return ArmContent(won.content_id, won.content_version_id), losers


async def _shift(
    uow: UnitOfWork,
    rule: AdRule,
    experiment_id: ExperimentId,
    arms: tuple[ArmContent, list[ArmContent]],
    clock: Clock,
    ids: IdGenerator,
    remote_of: RemoteOf,
) -> None:
    campaign = await uow.campaigns.get(rule.organization_id, rule.campaign_id)
    if campaign is None or rule.adjustment is None:
        return
    now = clock.now()
    winner, losers = arms
    shifts: list[BudgetShift] = []
    if campaign.status in BUDGET_CHANGEABLE:
        percent = rule.adjustment.value
        shifts = shift_to_winner(campaign.ad_sets, winner=winner, losers=losers, percent=percent)
    outcome = Outcome.NOT_MET if not shifts else (
        Outcome.DRY_RUN if rule.dry_run else Outcome.TRIGGERED
    )  # fmt: skip
    action = _action(experiment_id, shifts, campaign.currency)
    evaluation = RuleEvaluation(
        id=ids.new_id(),
        organization_id=rule.organization_id,
        rule_id=rule.id,
        campaign_id=campaign.id,
        subject_id=campaign.id,
        slot=f"experiment:{experiment_id}",
        window_start=now,
        window_end=now,
        evaluated_at=now,
        outcome=outcome.value,
        value=Decimal(len(shifts)),
        dry_run=rule.dry_run,
        action=action,
    )
    if not await uow.ad_decisions.claim_evaluation(evaluation):
        return  # shifted already for this conclusion
    if outcome is Outcome.TRIGGERED:
        remote = await remote_of(uow, campaign)
        cap = await uow.budget_caps.cap_for(
            campaign.organization_id, campaign.brand_id, campaign.currency
        )
        for shift in shifts:  # cuts first, then raises
            ad_set = campaign.ad_set(shift.ad_set_id)
            if ad_set.remote_id is not None:
                await remote.network.set_budget(
                    remote.target, remote.credentials, ad_set.remote_id, shift.after
                )
            campaign.change_budget(ad_set.id, shift.after, now=now, cap=cap, reason=REASON)
        await uow.campaigns.save(campaign)
    if outcome is not Outcome.NOT_MET:
        rule.fired(subject_id=campaign.id, value=None, detail=action, now=now)
    await audit_evaluation(uow, rule, evaluation, ids)


def _action(
    experiment_id: ExperimentId, shifts: list[BudgetShift], currency: str
) -> dict[str, Any]:
    return {
        "type": "shift_to_winner",
        "experiment_id": str(experiment_id),
        "budgets": [
            {
                "ad_set_id": str(s.ad_set_id),
                "currency": currency,
                "before": str(s.before.amount.amount),
                "after": str(s.after.amount.amount),
            }
            for s in shifts
        ],
    }
