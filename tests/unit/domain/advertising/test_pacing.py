"""Pacing arithmetic, checked against figures computed by hand."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from tests.unit.domain.advertising.campaign_builders import NOW, daily, eur, lifetime

from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.errors import CampaignInvalid
from umt.domain.advertising.pacing import (
    GOOGLE_ADS,
    META,
    STRICT,
    PaceState,
    PacingPolicy,
    pace,
)

START = NOW
END = NOW + timedelta(days=10)


def test_a_lifetime_budget_behind_plan_is_under_paced() -> None:
    # 1000 over 10 days; after 4 days the plan is 400; 300 spent: ratio 0.75
    result = pace(lifetime("1000"), starts_at=START, ends_at=END, now=START + timedelta(days=4),
                  spent=eur("300"))  # fmt: skip
    assert result.state is PaceState.UNDER_PACE
    assert result.planned == eur("400")
    assert result.ratio == Decimal("0.75")
    assert result.total == eur("1000")
    assert result.remaining == eur("700")
    assert result.remaining_days == Decimal(6)
    # required daily = 700 / 6 = 116.666... → 116.66 (rounded down: never plan overspend)
    assert result.required_daily == eur("116.66")
    assert result.recommended is None  # the platform paces a lifetime budget itself
    assert not result.pause
    assert result.state.alerts


def test_a_daily_budget_ahead_of_plan_steps_down_within_metas_overspend() -> None:
    # 100 a day for 10 days = 1000; after 4 days planned 400, spent 480: ratio 1.2
    policy = PacingPolicy(overspend=META)
    result = pace(daily("100"), starts_at=START, ends_at=END, now=START + timedelta(days=4),
                  spent=eur("480"), policy=policy)  # fmt: skip
    assert result.state is PaceState.OVER_PACE
    assert result.ratio == Decimal("1.2")
    assert result.remaining == eur("520")
    assert result.required_daily == eur("86.66")  # 520 / 6
    # the step allows 80..120, so 86.66; but Meta may spend 1.25 a day and 7 a week:
    # over 6 days at most min(1.25*6, 7) = 7 daily budgets, so 520 / 7 = 74.28 is the most safe
    assert result.recommended == Budget(BudgetKind.DAILY, eur("74.28"))


def test_the_same_overspend_with_the_strict_sandbox_rule_follows_the_bounded_step() -> None:
    result = pace(daily("100"), starts_at=START, ends_at=END, now=START + timedelta(days=4),
                  spent=eur("480"))  # fmt: skip
    assert result.recommended == Budget(BudgetKind.DAILY, eur("86.66"))


def test_an_under_paced_daily_budget_rises_by_at_most_one_step() -> None:
    # after 5 days planned 500, spent 200: remaining 800 over 5 days = 160 a day; step max +20 %
    result = pace(daily("100"), starts_at=START, ends_at=END, now=START + timedelta(days=5),
                  spent=eur("200"))  # fmt: skip
    assert result.state is PaceState.UNDER_PACE
    assert result.required_daily == eur("160")
    assert result.recommended == Budget(BudgetKind.DAILY, eur("120"))


def test_google_allows_twice_a_day_within_thirty_point_four_a_month() -> None:
    assert GOOGLE_ADS.worst_case_days(Decimal(1)) == 2
    assert GOOGLE_ADS.worst_case_days(Decimal(10)) == 20
    assert GOOGLE_ADS.worst_case_days(Decimal(20)) == Decimal("30.4")
    assert META.worst_case_days(Decimal("2.5")) == Decimal("3.75")  # 3 started days
    assert META.worst_case_days(Decimal(14)) == 14
    assert STRICT.worst_case_days(Decimal(3)) == 3
    assert STRICT.worst_case_days(Decimal(0)) == 0


def test_near_the_end_google_overspend_forces_a_cut_even_on_pace() -> None:
    # day 9 of 10 with 100 spent per day: on pace, 100 left for the last day; Google may spend
    # 2x in that day, so the daily budget drops to 50
    result = pace(daily("100"), starts_at=START, ends_at=END, now=START + timedelta(days=9),
                  spent=eur("900"), policy=PacingPolicy(overspend=GOOGLE_ADS))  # fmt: skip
    assert result.state is PaceState.ON_PACE
    assert result.recommended == Budget(BudgetKind.DAILY, eur("50"))


def test_the_cap_reached_pauses() -> None:
    result = pace(lifetime("1000"), starts_at=START, ends_at=END, now=START + timedelta(days=6),
                  spent=eur("1000"))  # fmt: skip
    assert result.state is PaceState.AT_CAP
    assert result.pause
    assert result.remaining == eur("0")


def test_nothing_is_judged_before_the_start_or_during_warm_up() -> None:
    before = pace(daily("100"), starts_at=START, ends_at=END, now=START - timedelta(hours=1),
                  spent=eur("0"))  # fmt: skip
    assert before.state is PaceState.NOT_STARTED
    assert before.planned == eur("0")
    warming = pace(daily("100"), starts_at=START, ends_at=END, now=START + timedelta(hours=2),
                   spent=eur("0"))  # fmt: skip
    assert warming.state is PaceState.WARMING_UP
    assert not warming.state.alerts


def test_an_open_ended_daily_budget_is_paced_against_days_elapsed() -> None:
    result = pace(daily("100"), starts_at=START, ends_at=None, now=START + timedelta(days=2),
                  spent=eur("150"))  # fmt: skip
    assert result.planned == eur("200")
    assert result.state is PaceState.UNDER_PACE
    assert result.total is None
    assert result.required_daily is None
    assert result.recommended is None


def test_after_the_end_the_flight_is_over() -> None:
    result = pace(lifetime("1000"), starts_at=START, ends_at=END, now=END + timedelta(days=1),
                  spent=eur("990"))  # fmt: skip
    assert result.state is PaceState.ENDED
    assert result.planned == eur("1000")
    assert result.required_daily is None


@pytest.mark.parametrize(
    "kwargs",
    [{"low": Decimal("1.1")}, {"high": Decimal("0.95")}, {"max_step": Decimal(0)}],
)
def test_a_policy_is_consistent(kwargs: dict[str, Decimal]) -> None:
    with pytest.raises(CampaignInvalid):
        PacingPolicy(**kwargs)  # type: ignore[arg-type]
