"""Ad rules: conditions over a window, the minimum-data guard, limits and budget changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from tests.unit.domain.advertising.campaign_builders import NOW, eur

from umt.domain.advertising.conditions import (
    AdjustmentMode,
    BudgetAdjustment,
    Comparison,
    Condition,
    MinimumData,
    Performance,
    RuleMetric,
)
from umt.domain.advertising.errors import AdRuleInvalid
from umt.domain.advertising.rule import AdRule, Outcome, RuleAction
from umt.domain.shared.errors import StaleVersion


def rule(**overrides: Any) -> AdRule:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": uuid4(),
        "brand_id": uuid4(),
        "campaign_id": uuid4(),
        "name": "Pause expensive ad sets",
        "action": RuleAction.PAUSE,
        "condition": Condition(
            metric=RuleMetric.CPA, comparison=Comparison.GT, threshold=Decimal(20)
        ),
        "minimum": MinimumData(impressions=1000),
    }
    fields.update(overrides)
    return AdRule.define(now=NOW, **fields)


def perf(**overrides: Any) -> Performance:
    base: dict[str, Any] = {
        "spend": Decimal(100),
        "impressions": 5000,
        "clicks": 50,
        "conversions": Decimal(4),
        "conversion_value": Decimal(240),
    }
    base.update(overrides)
    return Performance(**base)


def test_the_metrics_are_computed_from_the_window() -> None:
    p = perf()
    assert p.value_of(RuleMetric.CPA) == Decimal(25)
    assert p.value_of(RuleMetric.ROAS) == Decimal("2.4")
    assert p.value_of(RuleMetric.SPEND) == Decimal(100)
    assert p.value_of(RuleMetric.CTR) == Decimal("0.01")


def test_undefined_metrics() -> None:
    assert perf(conversions=Decimal(0)).value_of(RuleMetric.CPA) == Decimal("Infinity")
    assert perf(spend=Decimal(0), conversions=Decimal(0)).value_of(RuleMetric.CPA) is None
    assert perf(spend=Decimal(0)).value_of(RuleMetric.ROAS) is None
    assert perf(impressions=0).value_of(RuleMetric.CTR) is None


def test_a_met_condition_triggers() -> None:
    decision = rule().decide(perf(), now=NOW, last_action_at=None, actions_today=0)
    assert decision.outcome is Outcome.TRIGGERED
    assert decision.value == Decimal(25)
    assert decision.acts


def test_the_minimum_data_guard_comes_first() -> None:
    decision = rule().decide(perf(impressions=999), now=NOW, last_action_at=None, actions_today=0)
    assert decision.outcome is Outcome.INSUFFICIENT_DATA


def test_an_unmet_condition_does_nothing() -> None:
    decision = rule().decide(
        perf(conversions=Decimal(10)), now=NOW, last_action_at=None, actions_today=0
    )
    assert decision.outcome is Outcome.NOT_MET
    assert decision.value == Decimal(10)


def test_cooldown_and_the_daily_limit_hold_an_action_back() -> None:
    r = rule(cooldown=timedelta(hours=6), max_actions_per_day=2)
    recent = r.decide(perf(), now=NOW, last_action_at=NOW - timedelta(hours=5), actions_today=1)
    assert recent.outcome is Outcome.COOLDOWN
    later = r.decide(perf(), now=NOW, last_action_at=NOW - timedelta(hours=6), actions_today=1)
    assert later.outcome is Outcome.TRIGGERED
    spent = r.decide(perf(), now=NOW, last_action_at=None, actions_today=2)
    assert spent.outcome is Outcome.DAILY_LIMIT


def test_dry_run_decides_without_acting() -> None:
    decision = rule(dry_run=True).decide(perf(), now=NOW, last_action_at=None, actions_today=0)
    assert decision.outcome is Outcome.DRY_RUN
    assert not decision.acts


@pytest.mark.parametrize(
    ("mode", "value", "floor", "cap", "expected"),
    [
        (AdjustmentMode.PERCENT, "20", None, None, "120.00"),
        (AdjustmentMode.PERCENT, "-15", None, None, "85.00"),
        (AdjustmentMode.PERCENT, "-50", "60", None, "60"),
        (AdjustmentMode.PERCENT, "50", None, "130", "130"),
        (AdjustmentMode.ABSOLUTE, "5.50", None, None, "105.50"),
        (AdjustmentMode.ABSOLUTE, "-95", "10", None, "10"),
    ],
)
def test_budget_adjustments_are_bounded(
    mode: AdjustmentMode, value: str, floor: str | None, cap: str | None, expected: str
) -> None:
    adjustment = BudgetAdjustment(
        mode=mode,
        value=Decimal(value),
        floor=None if floor is None else Decimal(floor),
        cap=None if cap is None else Decimal(cap),
    )
    assert adjustment.apply(eur("100")) == eur(expected)


@pytest.mark.parametrize(
    "overrides",
    [
        {"action": RuleAction.CHANGE_BUDGET},  # no adjustment
        {"adjustment": BudgetAdjustment(mode=AdjustmentMode.PERCENT, value=Decimal(10))},
        {"condition": None},
        {"max_actions_per_day": 0},
        {"cooldown": timedelta(days=31)},
        {"action": RuleAction.SHIFT_TO_WINNER, "condition": None},  # no experiment
    ],
)
def test_inconsistent_rules_are_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(AdRuleInvalid):
        rule(**overrides)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Condition(metric="cpa", comparison="gt", threshold=Decimal(-1)),
        lambda: Condition(
            metric="cpa", comparison="gt", threshold=Decimal(1), window=timedelta(minutes=5)
        ),
        lambda: BudgetAdjustment(mode="percent", value=Decimal(-100)),
        lambda: BudgetAdjustment(mode="absolute", value=Decimal(0)),
        lambda: BudgetAdjustment(
            mode="absolute", value=Decimal(1), floor=Decimal(10), cap=Decimal(5)
        ),
        lambda: MinimumData(impressions=-1),
    ],
)
def test_inconsistent_parts_are_refused(build: Any) -> None:
    with pytest.raises(AdRuleInvalid):
        build()


def test_a_winner_rule_has_a_percentage_and_no_schedule() -> None:
    winner = rule(
        action=RuleAction.SHIFT_TO_WINNER,
        condition=None,
        experiment_id=uuid4(),
        adjustment=BudgetAdjustment(mode=AdjustmentMode.PERCENT, value=Decimal(30)),
    )
    assert not winner.scheduled
    with pytest.raises(AdRuleInvalid):
        rule(
            action=RuleAction.SHIFT_TO_WINNER,
            condition=None,
            experiment_id=uuid4(),
            adjustment=BudgetAdjustment(mode=AdjustmentMode.ABSOLUTE, value=Decimal(30)),
        )


def test_update_records_only_real_changes_and_checks_the_version() -> None:
    r = rule()
    r.events.clear()
    r.update({"name": "Pause expensive ad sets"}, now=NOW)
    assert r.events == []
    r.update({"dry_run": True}, now=NOW, expected_version=1)
    assert r.version == 2
    assert [e.event_type for e in r.events] == ["ad_rule.updated"]
    with pytest.raises(StaleVersion):
        r.update({"dry_run": False}, now=NOW, expected_version=1)
    with pytest.raises(AdRuleInvalid):
        r.update({"campaign_id": uuid4()}, now=NOW)
    with pytest.raises(AdRuleInvalid):  # the candidate is checked whole
        r.update({"condition": None}, now=NOW)


def test_firing_records_the_trigger() -> None:
    r = rule()
    subject = uuid4()
    r.fired(subject_id=subject, value=Decimal(25), detail={"paused": True}, now=NOW)
    event = r.events[-1]
    assert event.event_type == "ad_rule.triggered"
    assert event.data["subject_id"] == str(subject)
    assert event.data["value"] == "25"
    assert event.data["action"] == "pause"
