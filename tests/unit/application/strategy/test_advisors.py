"""The advisors that need no seeded store: budget shifts from campaign performance, formats
from concluded experiments (hand-computed confidences)."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from uuid import uuid4

import pytest
from tests.unit.domain.advertising.campaign_builders import ad_set, campaign, daily
from tests.unit.domain.experiments.test_experiment import NOW, make

from umt.application.strategy.advisors import Winner, format_advice, normal_cdf
from umt.application.strategy.budget_advice import budget_advice
from umt.domain.advertising.conditions import Performance
from umt.domain.experiments.experiment import StoppingReason


def _perf(spend: str, conversions: int, value: str) -> Performance:
    return Performance(
        spend=Decimal(spend), conversions=Decimal(conversions), conversion_value=Decimal(value)
    )


def test_budget_moves_from_the_weakest_to_the_strongest_campaign() -> None:
    strong = campaign(name="Strong", ad_sets=[ad_set(budget=daily("100"))])
    weak = campaign(name="Weak", ad_sets=[ad_set(budget=daily("50"))])
    other = campaign(name="Dollars", currency="USD", ad_sets=[ad_set(budget=daily("10", "USD"))])
    performances = [
        (weak, _perf("500", 10, "600")),  # ROAS 1.2, CPA 50
        (strong, _perf("500", 40, "2000")),  # ROAS 4, CPA 12.5
        (other, _perf("100", 5, "100")),  # alone in its currency: nothing to compare
    ]

    (advice,) = budget_advice(performances)

    assert advice.key == "budget_shift:EUR"
    assert advice.title == "Move 10.00 EUR a day from Weak to Strong"
    # conversions per euro, 40/500 against 10/500: log ratio ln 4 over sqrt(1/40 + 1/10)
    expected = normal_cdf(math.log(4) / math.sqrt(1 / 40 + 1 / 10))
    assert advice.confidence == pytest.approx(expected, abs=1e-4)
    up, down = advice.action.calls
    assert up.path == f"/api/v1/campaigns/{strong.id}/budget"
    assert up.body is not None
    assert up.body["budget"] == {
        "amount": "110.00",
        "currency": "EUR",
        "kind": "daily",
    }
    assert up.headers == {"If-Match": f'"{strong.version}"'}
    assert down.body is not None
    assert down.body["budget"]["amount"] == "40.00"
    assert [e.facts["roas"] for e in advice.evidence] == ["4.00", "1.20"]
    assert [e.facts["cpa"] for e in advice.evidence] == ["12.50", "50.00"]


def test_no_budget_shift_without_conversions_or_a_clear_difference() -> None:
    a = campaign(name="A", ad_sets=[ad_set()])
    b = campaign(name="B", ad_sets=[ad_set()])
    assert budget_advice([(a, _perf("100", 0, "0")), (b, _perf("100", 3, "90"))]) == []
    # 3 against 2 conversions for the same spend: far from sure
    assert budget_advice([(a, _perf("100", 3, "90")), (b, _perf("100", 2, "60"))]) == []


def test_an_experiments_winner_becomes_a_format_recommendation() -> None:
    experiment = make(alpha=0.01)
    experiment.start(now=NOW)
    experiment.conclude(reason=StoppingReason.WINNER_FOUND, winner="question", now=NOW)
    brand = uuid4()
    won = Winner(experiment=experiment, content_type="email", channel="email", title="Spring?")

    (advice,) = format_advice(brand, [won])

    assert advice.key == f"format:experiment:{experiment.id}"
    assert advice.confidence == pytest.approx(0.99)
    (evidence,) = advice.evidence
    assert evidence.facts["winner"] == "question"
    assert evidence.facts["content_id"] == str(experiment.arm("question").content_id)
    (call,) = advice.action.calls
    assert call.body == {"topic": "Spring?", "content_type": "email", "channel": "email", "n": 1}
    unknown_piece = replace(won, content_type=None, channel=None, title=None)
    (fallback,) = format_advice(brand, [unknown_piece])
    assert fallback.action.calls[0].body == {
        "topic": experiment.name,
        "content_type": "social_post",
        "channel": "linkedin",
        "n": 1,
    }
