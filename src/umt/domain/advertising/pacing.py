"""Pacing: planned cumulative spend against actual spend, and what to do about the gap.

Pure arithmetic over ``Money`` (exact decimals):

- the **plan** is linear over the flight: a lifetime budget ``T`` over ``D`` days plans
  ``T·e/D`` after ``e`` days; a daily budget ``d`` plans ``d·e`` (and ``d·D`` in all);
- the **ratio** actual / planned is compared to a band (0.9-1.1 by default): under it the
  campaign is under-paced, over it over-paced, both alerted (``budget.alert``);
- ``required daily = remaining budget / remaining days``;
- a daily budget is moved toward the required daily in **bounded steps** (at most
  ``max_step``, 20 % by default, per change), and never above what the platform may
  overspend with: Meta may spend up to 25 % over a daily budget on a day (a week stays within
  7 daily budgets), Google Ads up to 2x on a day (a month within 30.4); the sandbox never
  overspends. The budget is cut to ``remaining / worst-case days`` whenever the worst case of
  the current one would pass the total, and the ad set is paused once the total is spent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.errors import CampaignInvalid
from umt.domain.integration.platforms import Platform
from umt.domain.shared.money import Money, minor_units

SECONDS_PER_DAY = Decimal(86_400)


@dataclass(frozen=True, slots=True)
class OverspendRule:
    """How far a platform may spend past a daily budget: up to ``daily_factor`` times the budget
    on one day, while any ``period_days`` stay within ``period_factor`` times the budget."""

    daily_factor: Decimal
    period_days: Decimal
    period_factor: Decimal

    def worst_case_days(self, days: Decimal) -> Decimal:
        """The most daily budgets the platform may spend in ``days`` (started days count)."""
        if days <= 0:
            return Decimal(0)
        whole = Decimal(math.ceil(days))
        periods = Decimal(math.ceil(whole / self.period_days))
        return min(self.daily_factor * whole, self.period_factor * periods)


STRICT = OverspendRule(Decimal(1), Decimal(1), Decimal(1))  # the sandbox: never over
META = OverspendRule(Decimal("1.25"), Decimal(7), Decimal(7))
GOOGLE_ADS = OverspendRule(Decimal(2), Decimal("30.4"), Decimal("30.4"))
OVERSPEND: dict[Platform, OverspendRule] = {
    Platform.META_ADS: META,
    Platform.GOOGLE_ADS: GOOGLE_ADS,
    Platform.SANDBOX: STRICT,
}


@dataclass(frozen=True, slots=True)
class PacingPolicy:
    low: Decimal = Decimal("0.9")
    high: Decimal = Decimal("1.1")
    max_step: Decimal = Decimal("0.2")  # a budget moves at most 20 % per change
    warm_up: timedelta = timedelta(hours=6)  # too little delivery before this to judge
    overspend: OverspendRule = STRICT

    def __post_init__(self) -> None:
        if not Decimal(0) < self.low < Decimal(1) < self.high:
            raise CampaignInvalid("the pacing band is low < 1 < high, low > 0", field="band")
        if not Decimal(0) < self.max_step <= Decimal(1):
            raise CampaignInvalid("the budget step lies in (0, 1]", field="max_step")


class PaceState(StrEnum):
    NOT_STARTED = "not_started"
    WARMING_UP = "warming_up"  # started less than ``warm_up`` ago: no judgement yet
    ON_PACE = "on_pace"
    UNDER_PACE = "under_pace"
    OVER_PACE = "over_pace"
    AT_CAP = "at_cap"  # the flight's total is spent: pause
    ENDED = "ended"

    @property
    def alerts(self) -> bool:
        return self in (PaceState.UNDER_PACE, PaceState.OVER_PACE, PaceState.AT_CAP)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pacing:
    """Where spend stands against the plan, and the budget step (if any) it calls for."""

    state: PaceState
    planned: Money
    actual: Money
    ratio: Decimal | None  # actual / planned; None before anything is planned
    total: Money | None  # the flight's planned total; None for an open-ended daily budget
    remaining: Money | None
    remaining_days: Decimal | None
    required_daily: Money | None
    recommended: Budget | None  # a new daily budget, when a step is due
    pause: bool  # the total is spent (or nothing safe is left to spend)


def pace(
    budget: Budget,
    *,
    starts_at: datetime,
    ends_at: datetime | None,
    now: datetime,
    spent: Money,
    policy: PacingPolicy | None = None,
) -> Pacing:
    """The pacing of one budget over its flight, given what it ``spent`` since the start."""
    policy = policy or PacingPolicy()
    currency = budget.currency
    zero = Money.zero(currency)
    elapsed = _days(now - starts_at)
    duration = _days(ends_at - starts_at) if ends_at is not None else None
    if duration is not None:
        elapsed = min(elapsed, duration)
    elapsed = max(elapsed, Decimal(0))
    total = _total(budget, duration)
    planned = _planned(budget, elapsed, duration)
    ratio = (spent.amount / planned.amount).quantize(Decimal("0.0001")) if planned > zero else None
    remaining = max(total - spent, zero) if total is not None else None
    remaining_days = max(duration - elapsed, Decimal(0)) if duration is not None else None
    required = _required(remaining, remaining_days)
    state = _state(policy, now, starts_at, ends_at, ratio, total, spent)
    recommended, pause = _step(budget, policy, state, remaining, remaining_days, required)
    return Pacing(
        state=state,
        planned=planned,
        actual=spent,
        ratio=ratio,
        total=total,
        remaining=remaining,
        remaining_days=remaining_days,
        required_daily=required,
        recommended=recommended,
        pause=pause or state is PaceState.AT_CAP,
    )


def _days(delta: timedelta) -> Decimal:
    return Decimal(int(delta.total_seconds())) / SECONDS_PER_DAY


def _round_down(amount: Decimal, currency: str) -> Money:
    return Money(amount.quantize(Decimal(1).scaleb(-minor_units(currency)), ROUND_DOWN), currency)


def _total(budget: Budget, duration: Decimal | None) -> Money | None:
    if budget.kind is BudgetKind.LIFETIME:
        return budget.amount
    if duration is None:
        return None
    return _round_down(budget.amount.amount * duration, budget.currency)


def _planned(budget: Budget, elapsed: Decimal, duration: Decimal | None) -> Money:
    if budget.kind is BudgetKind.LIFETIME:
        if not duration:
            return budget.amount
        return _round_down(budget.amount.amount * elapsed / duration, budget.currency)
    return _round_down(budget.amount.amount * elapsed, budget.currency)


def _required(remaining: Money | None, remaining_days: Decimal | None) -> Money | None:
    if remaining is None or remaining_days is None or remaining_days <= 0:
        return None
    return _round_down(remaining.amount / remaining_days, remaining.currency)


def _state(
    policy: PacingPolicy,
    now: datetime,
    starts_at: datetime,
    ends_at: datetime | None,
    ratio: Decimal | None,
    total: Money | None,
    spent: Money,
) -> PaceState:
    if now < starts_at:
        return PaceState.NOT_STARTED
    if total is not None and spent >= total:
        return PaceState.AT_CAP
    if ends_at is not None and now >= ends_at:
        return PaceState.ENDED
    if now - starts_at < policy.warm_up or ratio is None:
        return PaceState.WARMING_UP
    if ratio < policy.low:
        return PaceState.UNDER_PACE
    if ratio > policy.high:
        return PaceState.OVER_PACE
    return PaceState.ON_PACE


def _step(
    budget: Budget,
    policy: PacingPolicy,
    state: PaceState,
    remaining: Money | None,
    remaining_days: Decimal | None,
    required: Money | None,
) -> tuple[Budget | None, bool]:
    """The next daily budget (a lifetime budget is paced by the platform itself)."""
    if budget.kind is not BudgetKind.DAILY or remaining is None or remaining_days is None:
        return None, False
    if state in (PaceState.NOT_STARTED, PaceState.ENDED, PaceState.AT_CAP):
        return None, False
    current = budget.amount
    target = current
    if state in (PaceState.UNDER_PACE, PaceState.OVER_PACE) and required is not None:
        low = current.times(Decimal(1) - policy.max_step)
        high = current.times(Decimal(1) + policy.max_step)
        target = min(max(required, low), high)
    worst = policy.overspend.worst_case_days(remaining_days)
    if worst > 0:
        safe = _round_down(remaining.amount / worst, remaining.currency)
        target = min(target, safe)  # a safety cut is not bounded by the step
    if target.amount <= 0:
        return None, True
    if target == current:
        return None, False
    return Budget(BudgetKind.DAILY, target), False
