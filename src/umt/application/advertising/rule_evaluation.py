"""Judging a rule on one subject, exactly once per window, in a transaction of its own.

1. The subject's figures over the rule's window (``AdPerformanceReader``: differences of the
   synced cumulative totals), its last action (cooldown) and the rule's actions of the last
   24 hours (its daily maximum) give the ``Decision`` (``AdRule.decide``).
2. The evaluation is recorded in the decision log under its slot; the insert is the claim, so
   when several processes judge the same window only the first acts, the others stop.
3. A triggered action runs (platform first, then the campaign) and ``ad_rule.triggered`` is
   recorded (also for a rule in dry run, flagged so); every evaluation gets an audit entry.
   All of it commits together. If the action fails, nothing of it stays: the evaluation is
   recorded as ``failed`` with the error, in a transaction of its own, and the rule is judged
   again at the next window.

A preview (``ad_rule.evaluate`` with ``dry_run``) is recorded under a slot of its own and
emits no event: it never acts, whatever the rule's mode.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from umt.application.advertising.rule_actions import RemoteOf, Subject, act, plan
from umt.application.audit.entries import new_entry
from umt.domain.advertising.rule import AdRule, Outcome
from umt.domain.shared.errors import DomainError
from umt.domain.shared.ids import AdRuleId, OrganizationId
from umt.ports.ad_decision_log import RuleEvaluation
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Judgement:
    """One evaluation to run: the rule, the subject, the moment and the slot it claims."""

    organization_id: OrganizationId
    rule_id: AdRuleId
    subject: Subject
    now: datetime
    slot: str
    preview: bool = False  # a dry run asked for: record, never act, no event


async def judge(
    uow_factory: Callable[[], UnitOfWork],
    judgement: Judgement,
    *,
    ids: IdGenerator,
    remote_of: RemoteOf,
) -> RuleEvaluation | None:
    """Judge and (when triggered) act; None when the rule, its campaign or the subject is
    gone, or another process claimed the slot first."""
    planned: RuleEvaluation | None = None
    try:
        async with uow_factory() as uow:
            rule = await uow.ad_rules.get(judgement.organization_id, judgement.rule_id)
            if rule is None:
                return None
            campaign = await uow.campaigns.get(judgement.organization_id, rule.campaign_id)
            if campaign is None:
                return None
            planned = await _evaluation(
                uow, rule, judgement, ids, plan(rule, campaign, judgement.subject)
            )
            if not await uow.ad_decisions.claim_evaluation(planned):
                return None
            outcome = Outcome(planned.outcome)
            if outcome is Outcome.TRIGGERED:
                await act(uow, rule, campaign, judgement.subject, remote_of, judgement.now)
            if outcome in (Outcome.TRIGGERED, Outcome.DRY_RUN) and not judgement.preview:
                rule.fired(
                    subject_id=judgement.subject.id,
                    value=planned.value,
                    detail=dict(planned.action),
                    now=judgement.now,
                )
            await audit_evaluation(uow, rule, planned, ids)
            await uow.commit()
        return planned
    except DomainError as exc:
        if planned is None or planned.outcome != Outcome.TRIGGERED.value:
            raise
        return await _failed(uow_factory, planned, exc, ids)


async def _evaluation(
    uow: UnitOfWork,
    rule: AdRule,
    judgement: Judgement,
    ids: IdGenerator,
    action: dict[str, Any],
) -> RuleEvaluation:
    condition = rule.condition
    if condition is None:  # shift_to_winner rules are not judged on metrics
        raise ValueError("a rule without a condition is not judged on a schedule")
    subject, now = judgement.subject, judgement.now
    start = now - condition.window
    performance = await uow.ad_performance.performance(
        judgement.organization_id, subject.kind, subject.id, start=start, end=now
    )
    decision = rule.decide(
        performance,
        now=now,
        last_action_at=await uow.ad_decisions.last_action_at(rule.id, subject.id),
        actions_today=await uow.ad_decisions.actions_since(rule.id, now - DAY),
    )
    outcome = decision.outcome
    if judgement.preview and outcome is Outcome.TRIGGERED:
        outcome = Outcome.DRY_RUN
    judged = outcome in (Outcome.TRIGGERED, Outcome.DRY_RUN)
    return RuleEvaluation(
        id=ids.new_id(),
        organization_id=judgement.organization_id,
        rule_id=rule.id,
        campaign_id=rule.campaign_id,
        subject_id=subject.id,
        slot=judgement.slot,
        window_start=start,
        window_end=now,
        evaluated_at=now,
        outcome=outcome.value,
        value=decision.value,
        dry_run=judgement.preview or rule.dry_run,
        action=action if judged else {},
    )


async def _failed(
    uow_factory: Callable[[], UnitOfWork],
    planned: RuleEvaluation,
    error: Exception,
    ids: IdGenerator,
) -> RuleEvaluation | None:
    code = getattr(error, "code", type(error).__name__)
    log.warning(
        "ad rule action failed",
        extra={"rule_id": str(planned.rule_id), "subject_id": str(planned.subject_id)},
    )
    failed = replace(
        planned,
        outcome=Outcome.FAILED.value,
        action={**planned.action, "error": {"code": str(code), "message": str(error)[:500]}},
    )
    async with uow_factory() as uow:
        if not await uow.ad_decisions.claim_evaluation(failed):
            return None
        rule = await uow.ad_rules.get(planned.organization_id, planned.rule_id)
        if rule is not None:
            await audit_evaluation(uow, rule, failed, ids)
        await uow.commit()
    return failed


async def audit_evaluation(
    uow: UnitOfWork, rule: AdRule, evaluation: RuleEvaluation, ids: IdGenerator
) -> None:
    await uow.audit_log.append(
        new_entry(
            ids.new_id(),
            action="ad_rule.evaluated",
            organization_id=rule.organization_id,
            resource_type="ad_rule",
            resource_id=str(rule.id),
            occurred_at=evaluation.evaluated_at,
            after={
                "campaign_id": str(rule.campaign_id),
                "subject_id": str(evaluation.subject_id),
                "slot": evaluation.slot,
                "outcome": evaluation.outcome,
                "value": None if evaluation.value is None else str(evaluation.value),
                "dry_run": evaluation.dry_run,
                "action": dict(evaluation.action),
            },
        )
    )
