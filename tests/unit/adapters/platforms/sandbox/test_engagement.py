"""The engagement model: deterministic, monotone, bounded, and useful for A/B/n tests."""

from __future__ import annotations

import itertools
import math
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.adapters.platforms.sandbox.helpers import START, connect

from umt.adapters.platforms.sandbox import engagement as model
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.simulation import (
    AdPlan,
    ad_metrics,
    binomial,
    campaign_metrics,
    post_metrics,
)

texts = st.text(max_size=400)
hours = st.floats(min_value=0, max_value=400, allow_nan=False)
times = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive; tz below
    max_value=datetime(2030, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
qualities = st.floats(min_value=-model.QUALITY_CLAMP, max_value=model.QUALITY_CLAMP)
GOOD = "Our spring roast is here: bright, floral, limited. Shop now #coffee"  # CTA, ~70 chars
POOR = "We have been thinking a lot about coffee lately. " * 12  # long, no CTA, no hashtag


def _social(text: str, quality: float = 0.0, at: datetime = START) -> model.SocialRates:
    return model.social_rates(model.features(text, model.Channel.SOCIAL), quality, at)


def two_proportion_z(hits_a: int, n_a: int, hits_b: int, n_b: int) -> float:
    pooled = (hits_a + hits_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return (hits_a / n_a - hits_b / n_b) / se


@given(n=st.integers(0, 10_000), p=st.floats(0, 1), seed=st.integers(0, 2**32))
def test_binomial_draws_stay_within_zero_and_n(n: int, p: float, seed: int) -> None:
    assert 0 <= binomial(random.Random(seed), n, p) <= n


@pytest.mark.parametrize(("n", "p"), [(50, 0.1), (1000, 0.01), (100_000, 0.3), (40, 0.9)])
def test_binomial_draws_have_the_binomial_mean_and_variance(n: int, p: float) -> None:
    rng = random.Random(1)
    draws = [binomial(rng, n, p) for _ in range(4000)]
    mean = sum(draws) / len(draws)
    variance = sum((d - mean) ** 2 for d in draws) / (len(draws) - 1)
    assert abs(mean - n * p) < 5 * math.sqrt(n * p * (1 - p) / len(draws)) + 0.01
    assert variance == pytest.approx(n * p * (1 - p), rel=0.15)


@given(text=texts, quality=qualities, at=times)
def test_social_rates_stay_within_documented_bounds(
    text: str, quality: float, at: datetime
) -> None:
    rates = _social(text, quality, at)
    for name, base in model.SOCIAL_BASE.items():
        low, high = model.rate_bounds(base)
        assert low <= getattr(rates, name) <= high
    assert 0 < rates.reach <= 0.9


@given(subject=texts, body=texts, quality=qualities, at=times, bid=st.integers(1, 100_000))
def test_email_and_ad_rates_stay_within_documented_bounds(
    subject: str, body: str, quality: float, at: datetime, bid: int
) -> None:
    email = model.email_rates(
        model.features(subject, model.Channel.EMAIL_SUBJECT),
        model.features(body, model.Channel.EMAIL_BODY),
        quality,
        at,
    )
    for name, base in model.EMAIL_BASE.items():
        low, high = model.rate_bounds(base)
        assert low <= getattr(email, name) <= high
    ad = model.ad_rates(model.features(body, model.Channel.AD), quality, bid)
    for name, base in model.AD_BASE.items():
        low, high = model.rate_bounds(base)
        assert low <= getattr(ad, name) <= high
    assert 0 < ad.win <= 1
    assert 1 <= ad.price_cpm_cents <= model.MARKET_CPM_CENTS


def test_content_features_are_read_from_the_text() -> None:
    good = model.features(GOOD, model.Channel.SOCIAL, images=1)
    assert good.call_to_action
    assert good.hashtags == 1
    assert good.media == 1.0
    assert not good.question
    assert model.features("Coffee or tea?", model.Channel.SOCIAL, videos=1).question
    assert model.features("x" * 110, model.Channel.SOCIAL).length_penalty == 0
    assert model.features(POOR, model.Channel.SOCIAL).length_penalty < -1


def test_the_documented_levers_move_the_click_rate() -> None:
    assert _social(GOOD).click > _social(GOOD.replace("Shop now", "")).click  # CTA
    assert _social(GOOD).click > _social(POOR).click  # length
    with_image = model.social_rates(model.features(GOOD, model.Channel.SOCIAL, images=1), 0, START)
    assert with_image.like > _social(GOOD).like  # media
    night = START.replace(hour=3)
    assert _social(GOOD, at=night).reach < _social(GOOD).reach  # timing
    assert _social(GOOD, quality=0.5).click > _social(GOOD, quality=0.0).click  # latent quality


@given(seed=st.integers(0, 2**32), fingerprint=st.text())
def test_latent_quality_is_a_function_of_seed_and_content(seed: int, fingerprint: str) -> None:
    quality = model.latent_quality(seed, fingerprint)
    assert quality == model.latent_quality(seed, fingerprint)
    assert abs(quality) <= model.QUALITY_CLAMP


@settings(max_examples=30, deadline=None)
@given(
    followers=st.integers(0, 300_000),
    quality=qualities,
    at=st.lists(hours, min_size=2, max_size=6),
)
def test_post_metrics_are_deterministic_and_only_grow(
    followers: int, quality: float, at: list[float]
) -> None:
    rates = _social(GOOD, quality)
    series = [post_metrics("seed:post_1", followers, rates, h) for h in sorted(at)]
    assert series == [post_metrics("seed:post_1", followers, rates, h) for h in sorted(at)]
    for earlier, later in itertools.pairwise(series):
        for name in ("impressions", "reach", "likes", "comments", "shares", "clicks"):
            assert getattr(earlier, name) <= getattr(later, name)
    for metrics in series:
        assert metrics.reach <= min(metrics.impressions, followers)
        assert max(metrics.likes, metrics.clicks, metrics.shares) <= metrics.impressions


@settings(max_examples=30, deadline=None)
@given(recipients=st.integers(0, 50_000), at=st.lists(hours, min_size=2, max_size=5))
def test_campaign_metrics_are_deterministic_and_only_grow(recipients: int, at: list[float]) -> None:
    body = model.features("Hello " * 150 + "Read more", model.Channel.EMAIL_BODY)
    rates = model.email_rates(model.features("News?", model.Channel.EMAIL_SUBJECT), body, 0, START)
    series = [campaign_metrics("s:cmp_1", recipients, rates, h) for h in sorted(at)]
    assert series[0] == campaign_metrics("s:cmp_1", recipients, rates, sorted(at)[0])
    for earlier, later in itertools.pairwise(series):
        assert earlier.opens <= later.opens
        assert earlier.clicks <= later.clicks
        assert earlier.unsubscribes <= later.unsubscribes
    for m in series:
        assert m.clicks <= m.opens <= m.delivered <= m.recipients == recipients


@settings(max_examples=30, deadline=None)
@given(
    budget=st.integers(1, 1_000_000),
    bid=st.integers(1, 5000),
    days=st.integers(1, 14),
    at=st.lists(hours, min_size=2, max_size=5),
)
def test_ad_metrics_only_grow_and_never_overspend(
    budget: int, bid: int, days: int, at: list[float]
) -> None:
    plan = AdPlan(audience=200_000, budget_cents=budget, days=days, start_at=START)
    rates = model.ad_rates(model.features(GOOD, model.Channel.AD), 0.0, bid)
    series = [ad_metrics("s:ad_1", plan, rates, h) for h in sorted(at)]
    for earlier, later in itertools.pairwise(series):
        assert earlier.impressions <= later.impressions
        assert earlier.spend_cents <= later.spend_cents
        assert earlier.conversions <= later.conversions
    for m in series:
        assert m.spend_cents <= budget
        assert m.conversions <= m.clicks <= m.impressions


def test_nothing_happens_before_publication() -> None:
    rates = _social(GOOD)
    assert post_metrics("s", 1000, rates, -3).impressions == 0
    assert post_metrics("s", 1000, rates, 0).impressions == 0


def test_the_post_follows_the_documented_decay() -> None:
    """Expected reach by hour h is followers * reach * (1 - exp(-h / tau)), tau = 8 h."""
    rates, followers = _social(GOOD), 2_000_000
    for hours_since in (4, 8, 24):
        reach = post_metrics("s:p", followers, rates, hours_since).reach
        expected = followers * rates.reach * (1 - math.exp(-hours_since / 8))
        assert reach == pytest.approx(expected, rel=0.02)


async def test_a_better_variant_wins_with_enough_traffic(network: SandboxNetwork) -> None:
    connected = await connect(network, followers=2_000_000)
    good = await network.publish_post(connected.token, text=GOOD)
    poor = await network.publish_post(connected.token, text=POOR)
    rate_good, rate_poor = network.post_rates(good).click, network.post_rates(poor).click
    assert rate_good > 1.3 * rate_poor  # different latent rates ...
    later = START + timedelta(days=3)
    a = await network.post_metrics(connected.token, good.id, at=later)
    b = await network.post_metrics(connected.token, poor.id, at=later)
    assert min(a.impressions, b.impressions) > 100_000
    # ... give clearly distinguishable click-through rates
    assert two_proportion_z(a.clicks, a.impressions, b.clicks, b.impressions) > 4
    assert a.clicks / a.impressions == pytest.approx(rate_good, rel=0.1)
    assert b.clicks / b.impressions == pytest.approx(rate_poor, rel=0.1)


async def test_identical_content_has_the_same_expected_rate(network: SandboxNetwork) -> None:
    connected = await connect(network, followers=2_000_000)
    first = await network.publish_post(connected.token, text=GOOD)
    second = await network.publish_post(connected.token, text=GOOD)
    assert network.post_rates(first) == network.post_rates(second)
    later = START + timedelta(days=3)
    a = await network.post_metrics(connected.token, first.id, at=later)
    b = await network.post_metrics(connected.token, second.id, at=later)
    assert a != b  # each post has its own noise ...
    assert abs(two_proportion_z(a.clicks, a.impressions, b.clicks, b.impressions)) < 4  # ... only


async def test_metrics_are_the_same_for_the_same_seed_whatever_the_store(
    network: SandboxNetwork,
) -> None:
    connected = await connect(network, followers=50_000)
    post = await network.publish_post(connected.token, text=GOOD)
    at = START + timedelta(hours=30)
    metrics = await network.post_metrics(connected.token, post.id, at=at)
    # a fresh computation from the same seed and object: nothing is cached or global
    assert metrics == post_metrics(
        f"{network.seed}:post:{post.id}", 50_000, network.post_rates(post), 30.0
    )
    random.seed(12345)  # the global generator has no say
    assert await network.post_metrics(connected.token, post.id, at=at) == metrics
