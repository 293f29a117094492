"""Properties of the ad sets' spend model (delivery.py) over arbitrary status and budget
histories: totals never go down, and no day spends more than its daily budget."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from umt.adapters.platforms.sandbox.delivery import (
    AdRun,
    DeliveryPlan,
    active_spans,
    deliver,
)
from umt.adapters.platforms.sandbox.records import BudgetChange, StatusChange

START = datetime(2026, 3, 3, 7, 20, tzinfo=UTC)
minutes = st.integers(min_value=0, max_value=3 * 24 * 60)


def _history(toggles: list[int]) -> list[StatusChange]:
    """Active from the start, then toggled at each of the (sorted) minutes."""
    changes = [StatusChange(START, "active")]
    for i, minute in enumerate(sorted(set(toggles))):
        changes.append(
            StatusChange(START + timedelta(minutes=minute), "paused" if i % 2 == 0 else "active")
        )
    return changes


def _plan(ads: list[list[int]], budgets: list[tuple[int, int]]) -> DeliveryPlan:
    end = START + timedelta(days=4)
    return DeliveryPlan(
        seed="p",
        audience=300_000,
        win=0.9,
        price_cpm=500,
        budget_kind="daily",
        budgets=[BudgetChange(START + timedelta(minutes=m), amount) for m, amount in budgets],
        time_zone="UTC",
        flight_end=None,
        value_per_conversion_minor=6000,
        ads={
            f"ad_{i}": AdRun(spans=active_spans(_history(t), end), click=0.02, conversion=0.05)
            for i, t in enumerate(ads)
        },
    )


@settings(max_examples=25, deadline=None)
@given(
    ads=st.lists(st.lists(minutes, max_size=4), min_size=1, max_size=3),
    budgets=st.lists(st.tuples(minutes, st.integers(1, 20_000)), min_size=0, max_size=3),
    first=st.integers(1, 20_000),
    at=st.lists(minutes, min_size=2, max_size=6),
)
def test_totals_only_grow_and_no_day_spends_more_than_its_budget(
    ads: list[list[int]], budgets: list[tuple[int, int]], first: int, at: list[int]
) -> None:
    history = [(0, first), *sorted(budgets)]
    plan = _plan(ads, history)
    # observed at the drawn times and just after every status change, within its hour
    toggles = {m + d for t in ads for m in t for d in (5, 25, 45, 70)}
    times = [START + timedelta(minutes=m) for m in sorted({*at, *toggles})]
    series = [deliver(plan, t) for t in times]
    for (t1, before), (t2, after) in itertools.pairwise(zip(times, series, strict=True)):
        for ad_id, run in plan.ads.items():  # an ad that did not run in between gets nothing
            if not any(s < t2 and e > t1 for s, e in run.spans):
                assert after.per_ad[ad_id] == before.per_ad[ad_id]
        for field in ("impressions", "clicks", "conversions", "spend_minor"):
            assert getattr(before.total, field) <= getattr(after.total, field)
            for ad_id, delivery in before.per_ad.items():
                assert getattr(delivery, field) <= getattr(after.per_ad[ad_id], field)
        assert after.total.spend_minor == sum(d.spend_minor for d in after.per_ad.values())
    midnights = [datetime(2026, 3, 3 + d, tzinfo=UTC) for d in range(5)]
    spent = [deliver(plan, m).total.spend_minor for m in midnights]
    for day, (a, b) in enumerate(itertools.pairwise(spent)):
        day_start, day_end = midnights[day], midnights[day] + timedelta(days=1)
        set_at = [(START + timedelta(minutes=m), amount) for m, amount in history]
        # the budgets in effect at some moment of the day: the last one set before it
        # started, and those set during it
        set_before = [amount for when, amount in set_at if when <= day_start]
        during = [amount for when, amount in set_at if day_start < when < day_end]
        assert b - a <= max(set_before[-1:] + during)
