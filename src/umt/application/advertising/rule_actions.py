"""What a triggered rule does to its subject: the plan (recorded with the evaluation, also in
a dry run) and the act (the platform first, then the campaign; a refused call changes
nothing here).

- ``pause``: the ad set (an ad-set rule) or the whole campaign (a campaign rule);
- ``change_budget``: the ad set's budget, or every ad set's for a campaign rule, moved by the
  rule's adjustment within its floor and cap (and under the brand's cap for a raise);
- ``notify``: nothing on the platform; ``ad_rule.triggered`` is the notice (webhooks).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from umt.application.advertising.remote import Remote
from umt.domain.advertising.budget import Budget
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.advertising.rule import AdRule, RuleAction, RuleLevel
from umt.domain.advertising.status import CampaignStatus
from umt.domain.advertising.tree import AdSet
from umt.domain.shared.ids import AdSetId
from umt.domain.shared.metrics import SubjectKind
from umt.ports.unit_of_work import UnitOfWork

RemoteOf = Callable[[UnitOfWork, Campaign], Awaitable[Remote]]


@dataclass(frozen=True, slots=True)
class Subject:
    """What a rule judges: its campaign, or one of its ad sets."""

    kind: SubjectKind
    id: UUID

    @property
    def level(self) -> RuleLevel:
        return RuleLevel.CAMPAIGN if self.kind is SubjectKind.CAMPAIGN else RuleLevel.AD_SET


def subjects_of(rule: AdRule, campaign: Campaign) -> list[Subject]:
    """The subjects delivering now: an active campaign created remotely, and for an ad-set
    rule each of its active ad sets."""
    if campaign.status is not CampaignStatus.ACTIVE or campaign.remote_id is None:
        return []
    if rule.level is RuleLevel.CAMPAIGN:
        return [Subject(SubjectKind.CAMPAIGN, campaign.id)]
    return [
        Subject(SubjectKind.AD_SET, s.id)
        for s in campaign.ad_sets
        if s.status is DeliveryStatus.ACTIVE and s.remote_id is not None
    ]


def plan(rule: AdRule, campaign: Campaign, subject: Subject) -> dict[str, Any]:
    """What the rule does (or would do) to the subject, as recorded with the evaluation."""
    if rule.action is RuleAction.PAUSE:
        return {"type": "pause", "level": subject.level.value, "subject_id": str(subject.id)}
    if rule.action is RuleAction.NOTIFY:
        return {"type": "notify", "subject_id": str(subject.id)}
    changes = [
        {
            "ad_set_id": str(ad_set.id),
            "currency": campaign.currency,
            "before": str(ad_set.budget.amount.amount),
            "after": str(after.amount.amount),
        }
        for ad_set, after in _budgets(rule, campaign, subject)
    ]
    return {"type": "change_budget", "subject_id": str(subject.id), "budgets": changes}


async def act(
    uow: UnitOfWork,
    rule: AdRule,
    campaign: Campaign,
    subject: Subject,
    remote_of: RemoteOf,
    now: Any,
) -> None:
    """Carry the action out: on the platform, then on the campaign (saved, not committed)."""
    reason = f"rule {rule.id}"
    if rule.action is RuleAction.NOTIFY:
        return
    remote = await remote_of(uow, campaign)
    if rule.action is RuleAction.PAUSE:
        await _pause(campaign, subject, remote, now, reason)
    else:
        cap = await uow.budget_caps.cap_for(
            campaign.organization_id, campaign.brand_id, campaign.currency
        )
        for ad_set, after in _budgets(rule, campaign, subject):
            changed = campaign.change_budget(ad_set.id, after, now=now, cap=cap, reason=reason)
            if changed and ad_set.remote_id is not None:
                await remote.network.set_budget(
                    remote.target, remote.credentials, ad_set.remote_id, after
                )
    await uow.campaigns.save(campaign)


async def _pause(
    campaign: Campaign, subject: Subject, remote: Remote, now: Any, reason: str
) -> None:
    if subject.kind is SubjectKind.CAMPAIGN:
        campaign.pause(now=now, reason=reason)
        level, remote_id = AdLevel.CAMPAIGN, campaign.remote_id
    else:
        ad_set = campaign.ad_set(AdSetId(subject.id))
        if not campaign.set_ad_set_status(ad_set.id, DeliveryStatus.PAUSED, now=now, reason=reason):
            return
        level, remote_id = AdLevel.AD_SET, ad_set.remote_id
    if remote_id is not None:
        await remote.network.set_status(
            remote.target, remote.credentials, level, remote_id, DeliveryStatus.PAUSED
        )


def _budgets(rule: AdRule, campaign: Campaign, subject: Subject) -> list[tuple[AdSet, Budget]]:
    """Each ad set the rule moves, with its new budget (those it would not change left out)."""
    adjustment = rule.adjustment
    if adjustment is None:
        return []
    if subject.kind is SubjectKind.CAMPAIGN:
        targets = [s for s in campaign.ad_sets if s.status is DeliveryStatus.ACTIVE]
    else:
        targets = [campaign.ad_set(AdSetId(subject.id))]
    moved = []
    for ad_set in targets:
        amount = adjustment.apply(ad_set.budget.amount)
        if amount.amount > 0 and amount != ad_set.budget.amount:
            moved.append((ad_set, Budget(ad_set.budget.kind, amount)))
    return moved
