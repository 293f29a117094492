"""Fixed-horizon tests against statsmodels and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from umt.application.experiments.statistics import (
    BinaryArm,
    ContinuousArm,
    StatisticsInputError,
    two_proportion_z_test,
    welch_t_test,
)


def binary(name: str, trials: int, successes: int) -> BinaryArm:
    return BinaryArm(name=name, trials=trials, successes=successes)


def continuous(name: str, values: np.ndarray) -> ContinuousArm:
    return ContinuousArm(
        name=name, n=len(values), total=float(values.sum()), total_sq=float((values**2).sum())
    )


@pytest.mark.parametrize(
    ("control", "variant", "alpha"),
    [
        ((1000, 100), (1000, 130), 0.05),
        ((5000, 250), (4800, 250), 0.05),
        ((20_000, 3000), (20_000, 2900), 0.01),
        ((50, 3), (70, 12), 0.10),
        ((1_000_000, 21_000), (1_000_000, 21_500), 0.05),
    ],
)
def test_z_test_matches_statsmodels(
    control: tuple[int, int], variant: tuple[int, int], alpha: float
) -> None:
    result = two_proportion_z_test(binary("c", *control), binary("v", *variant), alpha=alpha)
    z, p = proportions_ztest([variant[1], control[1]], [variant[0], control[0]])
    low, high = confint_proportions_2indep(
        variant[1], variant[0], control[1], control[0], method="wald", compare="diff", alpha=alpha
    )
    assert result.method == "z_test"
    assert result.p_value == pytest.approx(p, rel=1e-9, abs=1e-15)
    assert result.effect == pytest.approx(variant[1] / variant[0] - control[1] / control[0])
    assert result.relative_effect == pytest.approx(result.effect / (control[1] / control[0]))
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high), rel=1e-9)
    assert result.significant == (p < alpha)
    assert math.copysign(1, z) == math.copysign(1, result.effect) or result.effect == 0


def test_z_test_detects_a_clear_difference_and_not_a_null_one() -> None:
    assert two_proportion_z_test(binary("c", 10_000, 1000), binary("v", 10_000, 1200)).significant
    assert not two_proportion_z_test(
        binary("c", 10_000, 1000), binary("v", 10_000, 1010)
    ).significant


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_welch_from_sums_matches_scipy_on_the_raw_data(seed: int) -> None:
    rng = np.random.default_rng(seed)
    control_values = rng.lognormal(mean=1.0, sigma=1.0, size=400)
    variant_values = rng.lognormal(mean=1.1, sigma=1.3, size=650)
    result = welch_t_test(continuous("c", control_values), continuous("v", variant_values))
    reference = stats.ttest_ind(variant_values, control_values, equal_var=False)
    interval = reference.confidence_interval(0.95)
    assert result.method == "welch_t"
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-8)
    assert result.effect == pytest.approx(variant_values.mean() - control_values.mean())
    assert (result.ci_low, result.ci_high) == pytest.approx((interval.low, interval.high), rel=1e-8)
    assert result.significant == (reference.pvalue < 0.05)


def test_welch_matches_scipy_from_stats() -> None:
    # revenue per visitor: mean, sd, n of each arm -> the sums an SQL GROUP BY produces
    arms = {"c": (2.31, 9.7, 12_000), "v": (2.58, 10.4, 11_800)}
    sums = {
        name: ContinuousArm(
            name=name, n=n, total=mean * n, total_sq=(sd**2) * (n - 1) + n * mean**2
        )
        for name, (mean, sd, n) in arms.items()
    }
    result = welch_t_test(sums["c"], sums["v"], alpha=0.1)
    reference = stats.ttest_ind_from_stats(*arms["v"], *arms["c"], equal_var=False)
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-7)
    assert result.effect == pytest.approx(0.27)
    assert result.significant == (reference.pvalue < 0.1)


@pytest.mark.parametrize(
    ("control", "variant"),
    [((1, 1), (100, 10)), ((100, 0), (100, 0)), ((100, 100), (100, 100)), ((0, 0), (0, 0))],
)
def test_z_test_without_enough_data_is_inconclusive(
    control: tuple[int, int], variant: tuple[int, int]
) -> None:
    result = two_proportion_z_test(binary("c", *control), binary("v", *variant))
    assert result.p_value == 1.0
    assert not result.significant
    assert (result.ci_low, result.ci_high) == (-math.inf, math.inf)


def test_welch_without_enough_data_is_inconclusive() -> None:
    one = continuous("c", np.array([3.0]))
    flat = continuous("v", np.array([2.0, 2.0, 2.0]))
    for control, variant in [(one, flat), (flat, flat)]:
        result = welch_t_test(control, variant)
        assert result.p_value == 1.0
        assert (result.ci_low, result.ci_high) == (-math.inf, math.inf)
    assert welch_t_test(flat, flat).relative_effect == 0.0


def test_zero_control_value_has_no_relative_effect() -> None:
    result = two_proportion_z_test(binary("c", 500, 0), binary("v", 500, 9))
    assert result.relative_effect is None
    assert result.effect == pytest.approx(9 / 500)
    assert result.p_value < 0.01


def test_invalid_alpha_is_refused() -> None:
    with pytest.raises(StatisticsInputError):
        two_proportion_z_test(binary("c", 10, 1), binary("v", 10, 2), alpha=1.0)
    with pytest.raises(StatisticsInputError):
        welch_t_test(continuous("c", np.ones(3)), continuous("v", np.ones(3)), alpha=-0.1)
