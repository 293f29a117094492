"""How an ad set of the sandbox spends: hour by hour, within its budget, only while active.

An ad set delivers while its campaign, itself and at least one of its ads are ACTIVE, within
the campaign's and the ad set's dates. Each hour it delivers, it wins a share of the auctions
for the audience online then (the engagement model's ``AD_INVENTORY`` and ``activity``, its
win rate and clearing price from ``ad_rates``), capped by the budget:

- **daily**: the day's remaining budget spread evenly over the day's remaining hours (days in
  the ad account's time zone). A day's spend never exceeds the daily budget in effect; after a
  cut below what the day has spent, the ad set spends nothing more that day. (Meta allows up
  to 25 % over a daily budget and Google Ads twice; the sandbox chooses the strict rule.)
- **lifetime**: the remaining budget spread evenly over the remaining hours of the flight
  (an end date is required); the total never exceeds the budget.

Draws come from a generator seeded by (network seed, ad set, hour), so past hours never change
and counts only grow; a partly delivered hour (paused, resumed, or the current one) counts the
delivered share of the hour's draws, rounded down. The impressions go to the ads running,
each ad drawing its clicks and conversions with its own creative's rates. Spend is
impressions * price / 1000 in the currency's minor unit, rounded down, so each hour's spend
is within its cap. A conversion is worth ``CONVERSION_VALUE`` units of the account currency.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from umt.adapters.platforms.sandbox.engagement import AD_INVENTORY, activity
from umt.adapters.platforms.sandbox.records import BudgetChange, StatusChange
from umt.adapters.platforms.sandbox.simulation import binomial

HOUR = timedelta(hours=1)
CONVERSION_VALUE = 60  # units of the account currency per conversion
ACTIVE = "active"
Span = tuple[datetime, datetime]


def active_spans(statuses: Sequence[StatusChange], until: datetime) -> list[Span]:
    """The spans (before ``until``) in which the history says ACTIVE."""
    spans: list[Span] = []
    for i, change in enumerate(statuses):
        end = statuses[i + 1].at if i + 1 < len(statuses) else until
        end = min(end, until)
        if change.status == ACTIVE and change.at < end:
            spans.append((change.at, end))
    return spans


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    out: list[Span] = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return sorted(out)


def union(spans: Sequence[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _overlap(spans: Sequence[Span], start: datetime, end: datetime) -> float:
    return (
        sum(max((min(e, end) - max(s, start)).total_seconds(), 0.0) for s, e in spans)
        / HOUR.total_seconds()
    )


@dataclass(frozen=True, slots=True)
class Delivery:
    impressions: int = 0
    clicks: int = 0
    conversions: int = 0
    spend_minor: int = 0
    conversion_value_minor: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class AdRun:
    """One ad of the ad set: when it runs (its ACTIVE spans within the ad set's delivering
    time) and how its creative performs (``click`` per impression, ``conversion`` per
    click)."""

    spans: Sequence[Span]
    click: float
    conversion: float


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryPlan:
    seed: str
    audience: int
    win: float  # share of the auctions won at the ad set's bid
    price_cpm: int  # minor units per thousand impressions won
    budget_kind: str  # "daily" or "lifetime"
    budgets: Sequence[BudgetChange]
    time_zone: str
    flight_end: datetime | None  # required for a lifetime budget
    value_per_conversion_minor: int  # what a conversion is worth to the advertiser
    ads: Mapping[str, AdRun]


@dataclass(frozen=True, slots=True)
class Delivered:
    """An ad set's totals and each of its ads' share of them."""

    total: Delivery
    per_ad: Mapping[str, Delivery]


def _budget_at(budgets: Sequence[BudgetChange], at: datetime) -> int:
    current = budgets[0].minor
    for change in budgets:
        if change.at <= at:
            current = change.minor
    return current


def _hours_until(start: datetime, end: datetime) -> int:
    return max(math.ceil((end - start) / HOUR), 1)


class _Tally:
    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]  # impressions, clicks, conversions, spend

    def add(self, *values: int) -> None:
        for i, value in enumerate(values):
            self.counts[i] += value

    def delivery(self, value_per_conversion: int) -> Delivery:
        shown, clicks, conversions, spend = self.counts
        return Delivery(shown, clicks, conversions, spend, conversions * value_per_conversion)


def deliver(plan: DeliveryPlan, now: datetime) -> Delivered:
    """What the ad set and each of its ads delivered up to ``now``.

    The ad set delivers while any of its ads runs; each piece of an hour's impressions goes
    to the ads running then, in proportion to their running time in the piece, and each ad's
    clicks and conversions are drawn with its own rates (from a generator seeded by the ad
    and the hour, so past hours never change)."""
    ad_spans = {
        ad_id: union([(s, min(e, now)) for s, e in ad.spans if s < now])
        for ad_id, ad in plan.ads.items()
    }
    spans = union([span for found in ad_spans.values() for span in found])
    tallies = {ad_id: _Tally() for ad_id in plan.ads}
    if not spans:
        return Delivered(Delivery(), {ad_id: Delivery() for ad_id in plan.ads})
    zone = ZoneInfo(plan.time_zone)
    price = plan.price_cpm
    hour = spans[0][0].replace(minute=0, second=0, microsecond=0)
    spent = spent_today = 0
    today = hour.astimezone(zone).date()
    while hour < spans[-1][1]:
        local = hour.astimezone(zone)
        if local.date() != today:
            today, spent_today = local.date(), 0
        if _overlap(spans, hour, hour + HOUR) > 0:
            slot = int(hour.timestamp()) // 3600
            rng = random.Random(f"{plan.seed}:{slot}")  # noqa: S311 - a simulation
            online = round(plan.audience * AD_INVENTORY * activity(hour))
            won = binomial(rng, online, plan.win)
            outcomes = {}  # each ad's clicks and conversions, had it shown all ``won``
            for ad_id, ad in plan.ads.items():
                ad_rng = random.Random(f"{plan.seed}:{ad_id}:{slot}")  # noqa: S311
                clicks = binomial(ad_rng, won, ad.click)
                outcomes[ad_id] = (clicks, binomial(ad_rng, clicks, ad.conversion))
            if plan.budget_kind == "lifetime" and plan.flight_end is not None:
                hours_left = _hours_until(hour, plan.flight_end)
            else:
                midnight = datetime.combine(
                    local.date() + timedelta(days=1), datetime.min.time(), zone
                ).astimezone(UTC)
                hours_left = _hours_until(hour, midnight)
            # the hour in pieces between budget changes and ads starting or stopping: each
            # piece is capped by the budget in effect during it (a cut takes effect at once)
            # and shared by the ads running through all of it (so past pieces never change)
            edges = {c.at for c in plan.budgets} | {
                at for found in ad_spans.values() for span in found for at in span
            }
            cuts = sorted(at for at in edges if hour < at < hour + HOUR)
            for start, end in itertools.pairwise([hour, *cuts, hour + HOUR]):
                share = _overlap(spans, start, end)
                if share <= 0:
                    continue
                left = _budget_at(plan.budgets, start) - (
                    spent if plan.budget_kind == "lifetime" else spent_today
                )
                allowed = min(won, max(left, 0) // hours_left * 1000 // price)
                shown = math.floor(allowed * share)
                weights = {i: _overlap(ad_spans[i], start, end) for i in plan.ads}
                weight = sum(weights.values())
                for ad_id, ad_weight in weights.items():
                    if ad_weight <= 0:
                        continue
                    ad_shown = math.floor(shown * ad_weight / weight)
                    clicks, conversions = outcomes[ad_id]
                    ad_clicks = clicks * ad_shown // won if won else 0
                    ad_conversions = conversions * ad_clicks // clicks if clicks else 0
                    spend = ad_shown * price // 1000
                    tallies[ad_id].add(ad_shown, ad_clicks, ad_conversions, spend)
                    spent, spent_today = spent + spend, spent_today + spend
        hour += HOUR
    value = plan.value_per_conversion_minor
    total = _Tally()
    for tally in tallies.values():
        total.add(*tally.counts)
    return Delivered(
        total.delivery(value), {ad_id: t.delivery(value) for ad_id, t in tallies.items()}
    )
