"""Counts over simulated time: the engagement model's rates turned into seeded draws.

Simulated time runs in whole hours since publication. Each hour's new events are binomial
draws around the hour's expected share (a decay curve ``F(t) = 1 - exp(-t/τ)``), taken from
one ``random.Random`` per object in a fixed order, so the counts at any time are a pure
function of (seed, object, elapsed time): asking again, in another process, gives the same
numbers, and counts never go down as time passes. Within the current hour, a share of that
hour's draws proportional to the elapsed part is counted (rounded down), which keeps the
counts monotone to the second. See docs/sandbox.md.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from umt.adapters.platforms.sandbox.engagement import (
    AD_INVENTORY,
    REPEAT_VIEW,
    AdRates,
    EmailRates,
    SocialRates,
    activity,
)

SOCIAL_TAU_HOURS = 8.0  # τ of a post's attention decay
EMAIL_TAU_HOURS = 6.0  # τ of opens after a send
SOCIAL_HORIZON_HOURS = 14 * 24  # a post gets nothing new after two weeks
EMAIL_HORIZON_HOURS = 7 * 24
EXACT_BELOW = 30.0  # binomial draws by inversion below this mean, normal approximation above


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A Binomial(n, p) draw: exact (inversion) for small means, else the normal
    approximation rounded and clamped to [0, n] (its error is far below the model's noise)."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - binomial(rng, n, 1.0 - p)
    mean = n * p
    if mean >= EXACT_BELOW:
        draw = round(mean + rng.gauss(0.0, 1.0) * math.sqrt(mean * (1.0 - p)))
        return max(0, min(n, draw))
    u = rng.random()
    ratio = p / (1.0 - p)
    k = 0
    mass = math.exp(n * math.log1p(-p))  # P(X = 0)
    cumulative = mass
    while u > cumulative and k < n:
        mass *= ratio * (n - k) / (k + 1)
        k += 1
        cumulative += mass
    return k


def decay(hours: float, tau: float) -> float:
    """The share of an object's attention spent ``hours`` after publication."""
    return 1.0 - math.exp(-hours / tau)


def _part(count: int, fraction: float) -> int:
    return math.floor(count * fraction)


@dataclass(frozen=True, slots=True)
class PostMetrics:
    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    saves: int = 0


def post_metrics(seed: str, followers: int, rates: SocialRates, hours: float) -> PostMetrics:
    """A post's counts ``hours`` after publication (0 before it)."""
    rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
    # saves draw from their own generator, so the other counts stay what they were before
    # saves were simulated
    save_rng = random.Random(f"{seed}:saves")  # noqa: S311 - a simulation, not a secret
    totals = [0, 0, 0, 0, 0, 0, 0]  # impressions, reach, likes, comments, shares, clicks, saves
    reached = 0
    for hour in range(min(math.ceil(max(hours, 0.0)), SOCIAL_HORIZON_HOURS)):
        before = rates.reach * decay(hour, SOCIAL_TAU_HOURS)
        spent = rates.reach * decay(hour + 1, SOCIAL_TAU_HOURS)
        # the hazard that an unreached follower is reached this hour, so that the expected
        # reach by hour h is followers * reach * F(h)
        new_reach = binomial(rng, followers - reached, (spent - before) / (1.0 - before))
        impressions = new_reach + binomial(rng, new_reach, REPEAT_VIEW)
        hour_counts = (
            impressions,
            new_reach,
            binomial(rng, impressions, rates.like),
            binomial(rng, impressions, rates.comment),
            binomial(rng, impressions, rates.share),
            binomial(rng, impressions, rates.click),
            binomial(save_rng, impressions, rates.save),
        )
        reached += new_reach
        fraction = min(hours - hour, 1.0)
        for i, count in enumerate(hour_counts):
            totals[i] += count if fraction >= 1.0 else _part(count, fraction)
    return PostMetrics(*totals)


@dataclass(frozen=True, slots=True)
class CampaignMetrics:
    recipients: int = 0
    delivered: int = 0
    opens: int = 0  # unique opens
    clicks: int = 0  # unique clickers
    unsubscribes: int = 0


def campaign_metrics(
    seed: str, recipients: int, rates: EmailRates, hours: float
) -> CampaignMetrics:
    """A campaign's counts ``hours`` after the send: delivery is immediate, opens decay."""
    if hours < 0:
        return CampaignMetrics()
    rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
    delivered = binomial(rng, recipients, rates.delivery)
    opens = clicks = unsubscribes = 0
    opened = 0
    for hour in range(min(math.ceil(hours), EMAIL_HORIZON_HOURS)):
        before = rates.open * decay(hour, EMAIL_TAU_HOURS)
        spent = rates.open * decay(hour + 1, EMAIL_TAU_HOURS)
        new_opens = binomial(rng, delivered - opened, (spent - before) / (1.0 - before))
        new_clicks = binomial(rng, new_opens, rates.click)
        new_unsubscribes = binomial(rng, new_opens, rates.unsubscribe)
        opened += new_opens
        fraction = min(hours - hour, 1.0)
        if fraction >= 1.0:
            opens, clicks = opens + new_opens, clicks + new_clicks
            unsubscribes += new_unsubscribes
        else:
            opens += _part(new_opens, fraction)
            clicks += _part(new_clicks, fraction)
            unsubscribes += _part(new_unsubscribes, fraction)
    return CampaignMetrics(recipients, delivered, opens, clicks, unsubscribes)


@dataclass(frozen=True, slots=True)
class AdMetrics:
    impressions: int = 0
    clicks: int = 0
    conversions: int = 0
    spend_cents: int = 0


@dataclass(frozen=True, slots=True)
class AdPlan:
    """What an ad buys: its audience, budget and how long it runs."""

    audience: int  # people the ad account can target
    budget_cents: int
    days: int
    start_at: datetime


def ad_metrics(seed: str, plan: AdPlan, rates: AdRates, hours: float) -> AdMetrics:
    """An ad's counts ``hours`` after it started. Each hour it wins a share of the auctions
    for the audience online then, up to an even share of the budget (uniform pacing), and
    pays the clearing price; it never spends more than its budget."""
    rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
    hourly_cap = plan.budget_cents * 1000 // (rates.price_cpm_cents * 24 * plan.days)
    impressions = clicks = conversions = 0
    for hour in range(min(math.ceil(max(hours, 0.0)), plan.days * 24)):
        online = round(
            plan.audience * AD_INVENTORY * activity(plan.start_at + timedelta(hours=hour))
        )
        won = min(binomial(rng, online, rates.win), hourly_cap)
        new_clicks = binomial(rng, won, rates.click)
        new_conversions = binomial(rng, new_clicks, rates.conversion)
        fraction = min(hours - hour, 1.0)
        if fraction >= 1.0:
            impressions, clicks = impressions + won, clicks + new_clicks
            conversions += new_conversions
        else:
            impressions += _part(won, fraction)
            clicks += _part(new_clicks, fraction)
            conversions += _part(new_conversions, fraction)
    spend = impressions * rates.price_cpm_cents // 1000
    return AdMetrics(impressions, clicks, conversions, spend)
