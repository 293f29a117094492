"""Power analysis against statsmodels and published tables and rules of thumb."""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.power import NormalIndPower, tt_ind_solve_power, zt_ind_solve_power
from statsmodels.stats.proportion import proportion_effectsize

from umt.application.experiments.statistics import (
    StatisticsInputError,
    achieved_power,
    sample_size_means,
    sample_size_proportions,
)


@pytest.mark.parametrize(
    ("baseline", "relative_mde", "alpha", "power"),
    [
        (0.10, 0.10, 0.05, 0.80),
        (0.05, 0.05, 0.05, 0.80),
        (0.20, -0.15, 0.05, 0.90),
        (0.50, 0.02, 0.01, 0.80),
        (0.02, 0.30, 0.10, 0.95),
        (0.30, 0.50, 0.05, 0.80),
    ],
)
def test_proportions_match_statsmodels_normal_ind_power(
    baseline: float, relative_mde: float, alpha: float, power: float
) -> None:
    h = proportion_effectsize(baseline * (1 + relative_mde), baseline)
    reference = NormalIndPower().solve_power(
        effect_size=abs(h), alpha=alpha, power=power, ratio=1.0, alternative="two-sided"
    )
    assert sample_size_proportions(
        baseline=baseline, relative_mde=relative_mde, alpha=alpha, power=power
    ) == math.ceil(reference - 1e-6)


@pytest.mark.parametrize(
    ("std", "mde", "alpha", "power"),
    [(1.0, 0.5, 0.05, 0.8), (12.0, 0.4, 0.05, 0.8), (3.0, -0.1, 0.01, 0.9), (1.0, 0.05, 0.1, 0.8)],
)
def test_means_match_statsmodels_z_solver_and_the_t_solver_within_a_unit(
    std: float, mde: float, alpha: float, power: float
) -> None:
    ours = sample_size_means(std=std, absolute_mde=mde, alpha=alpha, power=power)
    z_reference = zt_ind_solve_power(effect_size=abs(mde) / std, alpha=alpha, power=power)
    t_reference = tt_ind_solve_power(effect_size=abs(mde) / std, alpha=alpha, power=power)
    assert ours == math.ceil(z_reference - 1e-6)
    # the t-test needs slightly more units (heavier tails); the gap is about one unit
    assert 0 <= math.ceil(t_reference) - ours <= 2


def test_published_worked_examples() -> None:
    # Cohen (1988), Table 6.4.1: h = 0.20, two-sided alpha 0.05, power 0.80 -> n = 392 per group.
    # p1 = 0.5 and p2 = sin²(asin(√0.5) + 0.1) give h = 0.2 exactly.
    p2 = math.sin(math.asin(math.sqrt(0.5)) + 0.1) ** 2
    assert abs(sample_size_proportions(baseline=0.5, relative_mde=p2 / 0.5 - 1) - 392) <= 1
    # Cohen (1988), Table 2.4.1: d = 0.5 -> n = 64 per group (t-test); normal approximation 63.
    assert sample_size_means(std=1.0, absolute_mde=0.5) in {63, 64}
    # Kohavi, Tang & Xu (2020), ch. 17 / van Belle (2008) §2.3: n ≈ 16·σ²/δ² per arm.
    # 5% conversion, 5% relative lift: δ = 0.0025, σ² = 0.0475 -> 121,600.
    rule = 16 * 0.05 * 0.95 / 0.0025**2
    ours = sample_size_proportions(baseline=0.05, relative_mde=0.05)
    assert abs(ours - rule) / rule < 0.03
    rule_means = 16 * 4.0**2 / 0.25**2
    assert abs(sample_size_means(std=4.0, absolute_mde=0.25) - rule_means) / rule_means < 0.03


def test_the_answer_is_the_smallest_sample_reaching_the_power() -> None:
    n = sample_size_means(std=2.0, absolute_mde=0.3, power=0.85)
    effect = 0.3 / 2.0
    assert achieved_power(effect, n) >= 0.85
    assert achieved_power(effect, n - 1) < 0.85


def test_smaller_effects_and_more_power_need_more_units() -> None:
    base = sample_size_proportions(baseline=0.1, relative_mde=0.2)
    assert sample_size_proportions(baseline=0.1, relative_mde=0.1) > base
    assert sample_size_proportions(baseline=0.1, relative_mde=0.2, power=0.9) > base
    assert sample_size_proportions(baseline=0.1, relative_mde=0.2, alpha=0.01) > base


@pytest.mark.parametrize(
    "kwargs",
    [
        {"baseline": 0.0, "relative_mde": 0.1},
        {"baseline": 1.0, "relative_mde": 0.1},
        {"baseline": 0.5, "relative_mde": 0.0},
        {"baseline": 0.5, "relative_mde": 1.5},  # 0.75 · ... = 1.25 is no rate
        {"baseline": 0.5, "relative_mde": -1.0},
        {"baseline": 0.5, "relative_mde": 0.1, "alpha": 0.0},
        {"baseline": 0.5, "relative_mde": 0.1, "power": 1.0},
        {"baseline": 0.5, "relative_mde": math.nan},
    ],
)
def test_invalid_proportion_designs_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(StatisticsInputError):
        sample_size_proportions(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"std": 0.0, "absolute_mde": 1.0},
        {"std": -1.0, "absolute_mde": 1.0},
        {"std": math.inf, "absolute_mde": 1.0},
        {"std": 1.0, "absolute_mde": 0.0},
        {"std": 1.0, "absolute_mde": 1.0, "alpha": 1.5},
    ],
)
def test_invalid_mean_designs_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(StatisticsInputError):
        sample_size_means(**kwargs)
