"""Budget shifts from the campaigns' performance (a pure function over data already read):
per currency, from the weakest campaign by ROAS to the strongest."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal

from umt.application.strategy.advisors import normal_cdf
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.conditions import Performance
from umt.domain.strategy.recommendation import Action, Advice, ApiCall, Evidence
from umt.domain.strategy.recommendation import RecommendationKind as Kind

MIN_BUDGET_CONFIDENCE = 0.8  # moving money asks for more than the other kinds' 0.6
SHIFT = Decimal("0.2")  # a budget shift moves a fifth of the weaker campaign's budget
_CENT = Decimal("0.01")


def budget_advice(performances: Sequence[tuple[Campaign, Performance]]) -> list[Advice]:
    """Per currency, move a fifth of the weakest campaign's first ad set budget to the
    strongest's (by ROAS), when their conversions per unit spent likely differ (a normal
    approximation on the log ratio of two Poisson rates)."""
    advice = []
    currencies = sorted({c.currency for c, _ in performances})
    for currency in currencies:
        rated = [
            (c, p)
            for c, p in performances
            if c.currency == currency and c.ad_sets and p.spend > 0 and p.conversions > 0
        ]
        if len(rated) < 2:
            continue
        rated.sort(key=lambda cp: (-(cp[1].conversion_value / cp[1].spend), str(cp[0].id)))
        (best, bp), (worst, wp) = rated[0], rated[-1]
        log_ratio = math.log(float(bp.conversions / bp.spend)) - math.log(
            float(wp.conversions / wp.spend)
        )
        spread = math.sqrt(1 / float(bp.conversions) + 1 / float(wp.conversions))
        confidence = normal_cdf(log_ratio / spread)
        if confidence < MIN_BUDGET_CONFIDENCE:
            continue
        moved = (worst.ad_sets[0].budget.amount.amount * SHIFT).quantize(_CENT, ROUND_HALF_EVEN)
        calls = tuple(
            _budget_call(campaign, campaign.ad_sets[0].budget.amount.amount + delta)
            for campaign, delta in ((best, moved), (worst, -moved))
        )
        advice.append(
            Advice(
                kind=Kind.BUDGET_SHIFT,
                key=f"budget_shift:{currency}",
                title=f"Move {moved} {currency} a day from {worst.name} to {best.name}",
                rationale=f"ROAS {_roas(bp)} against {_roas(wp)} over the last 30 days.",
                confidence=round(confidence, 4),
                evidence=tuple(
                    Evidence(source="advertising.performance", ref=str(c.id), facts=_perf(c, p))
                    for c, p in ((best, bp), (worst, wp))
                ),
                action=Action(summary="Change the two ad sets' budgets", calls=calls),
            )
        )
    return advice


def _budget_call(campaign: Campaign, amount: Decimal) -> ApiCall:
    ad_set = campaign.ad_sets[0]
    return ApiCall(
        method="POST",
        path=f"/api/v1/campaigns/{campaign.id}/budget",
        body={
            "ad_set_id": str(ad_set.id),
            "budget": {
                "amount": str(amount),
                "currency": campaign.currency,
                "kind": ad_set.budget.kind.value,
            },
        },
        headers={"If-Match": f'"{campaign.version}"'},
    )


def _roas(performance: Performance) -> str:
    return str((performance.conversion_value / performance.spend).quantize(_CENT))


def _perf(campaign: Campaign, performance: Performance) -> dict[str, object]:
    spend, conversions = performance.spend, performance.conversions
    return {
        "name": campaign.name,
        "spend": str(spend),
        "conversions": str(conversions),
        "conversion_value": str(performance.conversion_value),
        "roas": _roas(performance),
        "cpa": str((spend / conversions).quantize(_CENT)),
        "currency": campaign.currency,
    }
