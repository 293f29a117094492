"""The mSPRT: valid under continuous peeking (by simulation), powerful, monotone, and equal to
the mixture likelihood ratio computed by hand."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from umt.application.experiments.statistics import (
    BinaryArm,
    ContinuousArm,
    StatisticsInputError,
    mixture_likelihood_ratio,
    msprt_means,
    msprt_means_p_values,
    msprt_proportions,
    msprt_proportions_p_values,
    two_proportion_z_test,
    welch_t_test,
)

ALPHA = 0.05
EXPERIMENTS = 2000
LOOKS = 100
BATCH = 200  # units per arm between two looks: 20,000 per arm at the last look
# The false-positive rate is estimated from EXPERIMENTS independent A/A runs. If the true
# rate were exactly alpha, its standard error would be √(0.05·0.95/2000) ≈ 0.0049; the margin
# of 0.012 is ~2.5 standard errors, so a valid procedure fails the check with probability
# below 1% whatever the seed (and the seed is fixed, so the outcome is reproducible).
MARGIN = 0.012


def proportion_paths(
    rng: np.random.Generator, control_rate: float, variant_rate: float, experiments: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cumulative trials and successes per arm at each look, shape (experiments, LOOKS)."""
    trials = np.broadcast_to(np.arange(1, LOOKS + 1) * BATCH, (experiments, LOOKS))
    control = np.cumsum(rng.binomial(BATCH, control_rate, (experiments, LOOKS)), axis=1)
    variant = np.cumsum(rng.binomial(BATCH, variant_rate, (experiments, LOOKS)), axis=1)
    return trials, control, variant


def naive_z_p_values(trials: np.ndarray, control: np.ndarray, variant: np.ndarray) -> np.ndarray:
    """The fixed-horizon pooled z-test at every look (what peeking at a dashboard does)."""
    pooled = (control + variant) / (2 * trials)
    z = (variant - control) / trials / np.sqrt(pooled * (1 - pooled) * 2 / trials)
    return 2 * stats.norm.sf(np.abs(z))


@pytest.mark.parametrize(("rate", "tau"), [(0.10, None), (0.10, 0.01), (0.02, None)])
def test_peeking_at_every_look_keeps_false_positives_at_alpha(
    rate: float, tau: float | None
) -> None:
    rng = np.random.default_rng(2024)
    trials, control, variant = proportion_paths(rng, rate, rate, EXPERIMENTS)
    p_paths = msprt_proportions_p_values(trials, control, trials, variant, tau=tau)
    # rejected at some look <=> the running-minimum p-value ends below alpha
    msprt_fpr = float(np.mean(p_paths[:, -1] < ALPHA))
    naive_fpr = float(np.mean((naive_z_p_values(trials, control, variant) < ALPHA).any(axis=1)))
    assert msprt_fpr <= ALPHA + MARGIN
    # the same looks through a fixed-horizon test: the inflation the mSPRT prevents
    # (theory for 100 looks: about 0.37; Armitage, McPherson & Rowe 1969)
    assert naive_fpr > 0.25
    # the vectorised paths are the functions the service calls, look by look
    for row, look in [(0, 0), (1, 49), (17, 99)]:
        c = BinaryArm(name="c", trials=int(trials[row, look]), successes=int(control[row, look]))
        v = BinaryArm(name="v", trials=int(trials[row, look]), successes=int(variant[row, look]))
        single = msprt_proportions(c, v, tau=tau)
        assert single.p_value >= p_paths[row, look] - 1e-12
        assert two_proportion_z_test(c, v).p_value == pytest.approx(
            naive_z_p_values(trials, control, variant)[row, look], rel=1e-9
        )


def normal_paths(
    rng: np.random.Generator, mean: float, sd: float, experiments: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cumulative n, Σy and Σy² of normal data at each look, drawn exactly without the raw
    values: a batch's sum is N(m·μ, m·σ²) and, independently, its centered sum of squares is
    σ²·χ²(m - 1), so Σy² = SS + (Σy)²/m."""
    shape = (experiments, LOOKS)
    sums = rng.normal(BATCH * mean, sd * math.sqrt(BATCH), shape)
    squares = sd**2 * rng.chisquare(BATCH - 1, shape) + sums**2 / BATCH
    n = np.broadcast_to(np.arange(1, LOOKS + 1) * BATCH, shape)
    return n, np.cumsum(sums, axis=1), np.cumsum(squares, axis=1)


def test_peeking_at_a_continuous_metric_keeps_false_positives_at_alpha() -> None:
    rng = np.random.default_rng(99)
    n, t_c, q_c = normal_paths(rng, 5.0, 2.0, EXPERIMENTS)
    _, t_v, q_v = normal_paths(rng, 5.0, 2.0, EXPERIMENTS)
    p_paths = msprt_means_p_values(n, t_c, q_c, n, t_v, q_v)
    assert float(np.mean(p_paths[:, -1] < ALPHA)) <= ALPHA + MARGIN
    se = np.sqrt((q_c - t_c**2 / n) / (n - 1) / n + (q_v - t_v**2 / n) / (n - 1) / n)
    naive = 2 * stats.norm.sf(np.abs((t_v - t_c) / n / se))
    assert float(np.mean((naive < ALPHA).any(axis=1))) > 0.25
    row, look = 3, 40
    arms = [
        ContinuousArm(
            name=name, n=int(n[row, look]), total=float(t[row, look]), total_sq=float(q[row, look])
        )
        for name, t, q in (("c", t_c, q_c), ("v", t_v, q_v))
    ]
    assert welch_t_test(*arms).p_value == pytest.approx(naive[row, look], rel=1e-3)


def test_a_real_effect_is_detected() -> None:
    rng = np.random.default_rng(7)
    trials, control, variant = proportion_paths(rng, 0.10, 0.12, 300)
    p_paths = msprt_proportions_p_values(trials, control, trials, variant)
    assert float(np.mean(p_paths[:, -1] < ALPHA)) > 0.95
    # and early: most experiments stop well before the last look
    first = np.argmax(p_paths < ALPHA, axis=1)
    assert float(np.median(first)) < LOOKS / 2

    n, t_c, q_c = normal_paths(rng, 5.0, 2.0, 300)
    _, t_v, q_v = normal_paths(rng, 5.1, 2.0, 300)
    means_paths = msprt_means_p_values(n, t_c, q_c, n, t_v, q_v, tau=0.1)
    assert float(np.mean(means_paths[:, -1] < ALPHA)) > 0.9


def test_the_always_valid_p_value_never_increases() -> None:
    rng = np.random.default_rng(5)
    trials, control, variant = proportion_paths(rng, 0.05, 0.055, 50)
    p_paths = msprt_proportions_p_values(trials, control, trials, variant)
    assert np.all(np.diff(p_paths, axis=1) <= 0.0)
    # without the running minimum the per-look values do go up and down
    looks = [
        msprt_proportions(
            BinaryArm(name="c", trials=int(trials[0, k]), successes=int(control[0, k])),
            BinaryArm(name="v", trials=int(trials[0, k]), successes=int(variant[0, k])),
        ).p_value
        for k in range(LOOKS)
    ]
    assert any(b > a for a, b in itertools.pairwise(looks))
    # carried through `previous`, one call per look gives the running minimum and nested
    # intervals
    previous = None
    for k in range(LOOKS):
        estimate = msprt_proportions(
            BinaryArm(name="c", trials=int(trials[0, k]), successes=int(control[0, k])),
            BinaryArm(name="v", trials=int(trials[0, k]), successes=int(variant[0, k])),
            previous=previous,
        )
        assert estimate.p_value == pytest.approx(p_paths[0, k], rel=1e-12)
        if previous is not None:
            assert estimate.p_value <= previous.p_value
            assert estimate.ci_low >= previous.ci_low
            assert estimate.ci_high <= previous.ci_high
        previous = estimate


def test_hand_computed_mixture_likelihood_ratio() -> None:
    # control 100/1000, variant 130/1000, τ = 0.02:
    # pooled p̄ = 230/2000 = 0.115, V₀ = 0.115·0.885·(1/1000 + 1/1000) = 0.00020355
    # √(V₀/(V₀ + τ²)) = √(0.00020355/0.00060355) = 0.580736...
    # exponent τ²·θ̂²/(2·V₀·(V₀ + τ²)) = 0.0004·0.0009/(2·0.00020355·0.00060355) = 1.465170...
    # Λ = 0.580736·e^1.465170 = 2.513590, p = 1/Λ = 0.397837
    v0 = 0.115 * 0.885 * 0.002
    by_hand = math.sqrt(v0 / (v0 + 0.0004)) * math.exp(0.0004 * 0.0009 / (2 * v0 * (v0 + 0.0004)))
    assert by_hand == pytest.approx(2.513590, rel=1e-6)
    assert float(mixture_likelihood_ratio(0.03, v0, 0.02)) == pytest.approx(by_hand, rel=1e-12)
    estimate = msprt_proportions(
        BinaryArm(name="c", trials=1000, successes=100),
        BinaryArm(name="v", trials=1000, successes=130),
        tau=0.02,
    )
    assert estimate.method == "msprt"
    assert estimate.p_value == pytest.approx(0.397837, rel=1e-5)
    assert not estimate.significant
    # interval: V = 0.1·0.9/1000 + 0.13·0.87/1000 = 0.0002031,
    # half-width √(V(V + τ²)/τ² · (2·ln 20 + ln((V + τ²)/V))) = 0.046562
    assert estimate.ci_low == pytest.approx(0.03 - 0.046562, abs=1e-6)
    assert estimate.ci_high == pytest.approx(0.03 + 0.046562, abs=1e-6)
    # the fixed-horizon z-test calls the same data significant (p ≈ 0.035): one look is cheap,
    # the always-valid p-value pays for the right to look again
    assert two_proportion_z_test(
        BinaryArm(name="c", trials=1000, successes=100),
        BinaryArm(name="v", trials=1000, successes=130),
    ).significant


def test_the_interval_is_the_inversion_of_the_test() -> None:
    # at the interval's ends the mixture likelihood ratio of θ₀ is exactly 1/alpha
    control = ContinuousArm(name="c", n=400, total=2000.0, total_sq=2000.0 * 5 + 399 * 4.0)
    variant = ContinuousArm(name="v", n=500, total=2700.0, total_sq=2700.0 * 5.4 + 499 * 6.0)
    estimate = msprt_means(control, variant, tau=0.3, alpha=0.1)
    variance = control.variance / control.n + variant.variance / variant.n
    for end in (estimate.ci_low, estimate.ci_high):
        ratio = float(mixture_likelihood_ratio(estimate.effect - end, variance, 0.3))
        assert ratio == pytest.approx(1 / 0.1, rel=1e-9)
    assert estimate.effect == pytest.approx(0.4)
    assert estimate.significant == (estimate.p_value < 0.1)


def test_too_little_data_is_inconclusive() -> None:
    for control, variant in [((1, 0), (1, 1)), ((100, 0), (100, 0)), ((0, 0), (50, 5))]:
        estimate = msprt_proportions(
            BinaryArm(name="c", trials=control[0], successes=control[1]),
            BinaryArm(name="v", trials=variant[0], successes=variant[1]),
        )
        assert estimate.p_value == 1.0
        assert (estimate.ci_low, estimate.ci_high) == (-math.inf, math.inf)
    flat = ContinuousArm(name="c", n=10, total=20.0, total_sq=40.0)
    assert msprt_means(flat, flat).p_value == 1.0


def test_invalid_arguments_are_refused() -> None:
    arm = BinaryArm(name="c", trials=10, successes=1)
    with pytest.raises(StatisticsInputError):
        msprt_proportions(arm, arm, tau=0.0)
    with pytest.raises(StatisticsInputError):
        msprt_proportions(arm, arm, alpha=2.0)
    fixed = two_proportion_z_test(arm, arm)
    with pytest.raises(StatisticsInputError):
        msprt_proportions(arm, arm, previous=fixed)
