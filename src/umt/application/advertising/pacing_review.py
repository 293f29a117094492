"""Pacing one ad set, once per slot (an hour), in a transaction of its own.

Its spend since the start of its flight (the synced cumulative total) against the plan
(``domain/advertising/pacing.py``) gives a state and, maybe, a step:

- at the cap (the flight's total spent): the ad set is paused, on the platform first;
- a recommended daily budget (toward ``remaining / remaining days``, in bounded steps, never
  above what the platform may overspend with) is applied at most once per ``step_every``,
  and a raise only while the campaign stays under the brand's cap;
- a state out of the band (over or under pace, at the cap) raises ``budget.alert`` when it
  differs from the previous check's, so an alert says something new.

The check is recorded in the decision log (unique per ad set and slot: the claim that lets
one process act when several run the loop), with what it did. A refused platform call rolls
all of it back; the next tick tries again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from umt.application.advertising.loading import account_of
from umt.application.advertising.rule_actions import RemoteOf
from umt.domain.advertising import events as ev
from umt.domain.advertising.errors import BudgetCapExceeded
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.advertising.pacing import OVERSPEND, STRICT, Pacing, PacingPolicy, pace
from umt.domain.advertising.status import CampaignStatus
from umt.domain.shared.ids import AdSetId, CampaignId, OrganizationId
from umt.domain.shared.metrics import SubjectKind
from umt.domain.shared.money import Money, minor_units
from umt.ports.ad_decision_log import PacingCheck
from umt.ports.unit_of_work import UnitOfWork

REASON = "pacing"


@dataclass(frozen=True, slots=True, kw_only=True)
class PacingRun:
    organization_id: OrganizationId
    campaign_id: CampaignId
    ad_set_id: AdSetId
    now: datetime
    slot: str
    band: tuple[Decimal, Decimal] = (Decimal("0.9"), Decimal("1.1"))
    step_every: timedelta = timedelta(days=1)


async def review_pacing(
    uow_factory: Callable[[], UnitOfWork], run: PacingRun, *, remote_of: RemoteOf
) -> PacingCheck | None:
    """Check (and steer) the ad set; None when it is not delivering or the slot was taken."""
    async with uow_factory() as uow:
        campaign = await uow.campaigns.get(run.organization_id, run.campaign_id)
        if campaign is None or campaign.status is not CampaignStatus.ACTIVE:
            return None
        ad_set = campaign.ad_set(run.ad_set_id)
        if ad_set.status is not DeliveryStatus.ACTIVE or ad_set.remote_id is None:
            return None
        account = await account_of(uow, campaign)
        policy = PacingPolicy(
            low=run.band[0], high=run.band[1], overspend=OVERSPEND.get(account.platform, STRICT)
        )
        performance = await uow.ad_performance.performance(
            run.organization_id, SubjectKind.AD_SET, ad_set.id, start=None, end=run.now
        )
        spent = spent_money(performance.spend, campaign.currency)
        starts_at, ends_at = campaign.flight_of(ad_set)
        pacing = pace(
            ad_set.budget, starts_at=starts_at, ends_at=ends_at, now=run.now, spent=spent,
            policy=policy,
        )  # fmt: skip
        previous = await uow.ad_decisions.last_pacing(ad_set.id, run.slot)
        action = _action(pacing, previous, run)
        # the change in the model first (a raise over the brand's cap is dropped here)...
        if action.get("paused"):
            campaign.set_ad_set_status(ad_set.id, DeliveryStatus.PAUSED, now=run.now, reason=REASON)
        elif pacing.recommended is not None and "budget" in action:
            cap = await uow.budget_caps.cap_for(
                campaign.organization_id, campaign.brand_id, campaign.currency
            )
            try:
                campaign.change_budget(
                    ad_set.id, pacing.recommended, now=run.now, cap=cap, reason=REASON
                )
            except BudgetCapExceeded:
                action["budget"] = {**action["budget"], "skipped": "budget_cap_exceeded"}
        if action.get("alerted"):
            campaign.alert(_alert(campaign.brand_id, ad_set.id, pacing), now=run.now)
        check = PacingCheck(
            organization_id=run.organization_id,
            campaign_id=campaign.id,
            ad_set_id=ad_set.id,
            slot=run.slot,
            checked_at=run.now,
            state=pacing.state.value,
            ratio=pacing.ratio,
            action=action,
        )
        if not await uow.ad_decisions.claim_pacing(check):
            return None  # another process checked this slot; nothing here is saved
        # ...then the platform, before anything commits
        remote = await remote_of(uow, campaign)
        if action.get("paused"):
            await remote.network.set_status(
                remote.target, remote.credentials, AdLevel.AD_SET, ad_set.remote_id,
                DeliveryStatus.PAUSED,
            )  # fmt: skip
        elif pacing.recommended is not None and _stepped(action):
            await remote.network.set_budget(
                remote.target, remote.credentials, ad_set.remote_id, pacing.recommended
            )
        await uow.campaigns.save(campaign)
        await uow.commit()
    return check


def _action(pacing: Pacing, previous: PacingCheck | None, run: PacingRun) -> dict[str, Any]:
    """What this check does, and the time of the last budget step (carried forward)."""
    last_step = None if previous is None else previous.action.get("last_step_at")
    action: dict[str, Any] = {}
    if pacing.pause:
        action["paused"] = True
    elif pacing.recommended is not None and (
        last_step is None or run.now - datetime.fromisoformat(last_step) >= run.step_every
    ):
        action["budget"] = {
            "currency": pacing.recommended.currency,
            "after": str(pacing.recommended.amount.amount),
        }
        last_step = run.now.isoformat()
    if last_step is not None:
        action["last_step_at"] = last_step
    if pacing.state.alerts and (previous is None or previous.state != pacing.state.value):
        action["alerted"] = True
    return action


def _stepped(action: dict[str, Any]) -> bool:
    step = action.get("budget")
    return isinstance(step, dict) and "skipped" not in step


def _alert(brand_id: Any, ad_set_id: AdSetId, pacing: Pacing) -> ev.PacingAlert:
    return ev.PacingAlert(
        brand_id=brand_id,
        ad_set_id=ad_set_id,
        state=pacing.state.value,
        currency=pacing.actual.currency,
        planned=str(pacing.planned.amount),
        actual=str(pacing.actual.amount),
        ratio=None if pacing.ratio is None else float(pacing.ratio),
        required_daily=None if pacing.required_daily is None else str(pacing.required_daily.amount),
    )


def spent_money(amount: Decimal, currency: str) -> Money:
    """Spend as reported, to the currency's minor unit (a platform may report finer)."""
    places = Decimal(1).scaleb(-minor_units(currency))
    return Money(max(amount, Decimal(0)).quantize(places, ROUND_DOWN), currency)
