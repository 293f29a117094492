"""CUPED on simulated correlated data: theta, variance reduction and unbiasedness."""

from __future__ import annotations

import numpy as np
import pytest

from umt.application.experiments.statistics import (
    ContinuousArm,
    Covariate,
    cuped,
    cuped_theta,
    welch_t_test,
)


def arm(name: str, y: np.ndarray, x: np.ndarray | None) -> ContinuousArm:
    covariate = (
        None
        if x is None
        else Covariate(
            total=float(x.sum()), total_sq=float((x * x).sum()), total_cross=float((x * y).sum())
        )
    )
    return ContinuousArm(
        name=name,
        n=len(y),
        total=float(y.sum()),
        total_sq=float((y * y).sum()),
        covariate=covariate,
    )


def correlated(
    rng: np.random.Generator, n: int, rho: float, shift: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """x ~ N(10, 2²), y = 5 + shift + rho·(x - 10)/2·3 + noise with corr(x, y) = rho, sd(y) = 3."""
    x = rng.normal(10.0, 2.0, n)
    noise = rng.normal(0.0, 1.0, n)
    y = 5.0 + shift + 3.0 * (rho * (x - 10.0) / 2.0 + np.sqrt(1 - rho**2) * noise)
    return x, y


def test_theta_is_the_pooled_covariance_over_variance_and_the_sums_are_exact() -> None:
    rng = np.random.default_rng(11)
    x_c, y_c = correlated(rng, 5000, 0.6)
    x_v, y_v = correlated(rng, 4000, 0.6, shift=0.2)
    arms = [arm("c", y_c, x_c), arm("v", y_v, x_v)]
    s_xy = np.sum((x_c - x_c.mean()) * (y_c - y_c.mean())) + np.sum(
        (x_v - x_v.mean()) * (y_v - y_v.mean())
    )
    s_xx = np.sum((x_c - x_c.mean()) ** 2) + np.sum((x_v - x_v.mean()) ** 2)
    theta = cuped_theta(arms)
    assert theta == pytest.approx(s_xy / s_xx, rel=1e-9)
    # theory: theta = cov(x, y)/var(x) = rho·3/2 = 0.9
    assert theta == pytest.approx(0.9, abs=0.03)
    mu = np.concatenate([x_c, x_v]).mean()
    adjusted = cuped(arms)
    for result, x, y in zip(adjusted, (x_c, x_v), (y_c, y_v), strict=True):
        y_adj = y - theta * (x - mu)
        assert result.n == len(y)
        assert result.total == pytest.approx(y_adj.sum(), rel=1e-9)
        assert result.total_sq == pytest.approx((y_adj**2).sum(), rel=1e-9)
        assert result.covariate is not None
        assert result.covariate.total_cross == pytest.approx((x * y_adj).sum(), rel=1e-9)


@pytest.mark.parametrize("rho", [0.3, 0.7, 0.9])
def test_variance_shrinks_by_one_minus_rho_squared(rho: float) -> None:
    rng = np.random.default_rng(int(rho * 100))
    x_c, y_c = correlated(rng, 50_000, rho)
    x_v, y_v = correlated(rng, 50_000, rho, shift=0.1)
    raw = [arm("c", y_c, x_c), arm("v", y_v, x_v)]
    adjusted = cuped(raw)
    for before, after, x, y in zip(raw, adjusted, (x_c, x_v), (y_c, y_v), strict=True):
        sample_rho = float(np.corrcoef(x, y)[0, 1])
        assert after.variance / before.variance == pytest.approx(1 - sample_rho**2, abs=2e-3)
        assert after.variance / before.variance == pytest.approx(1 - rho**2, abs=0.02)
    narrow = welch_t_test(*adjusted)
    wide = welch_t_test(*raw)
    assert (narrow.ci_high - narrow.ci_low) / (wide.ci_high - wide.ci_low) == pytest.approx(
        np.sqrt(1 - rho**2), abs=0.02
    )


def test_the_adjusted_difference_is_unbiased_and_less_variable() -> None:
    rng = np.random.default_rng(5)
    experiments, n, effect, rho = 400, 300, 0.3, 0.8
    raw_diffs, adjusted_diffs = [], []
    for _ in range(experiments):
        x_c, y_c = correlated(rng, n, rho)
        x_v, y_v = correlated(rng, n, rho, shift=effect)
        control, variant = cuped([arm("c", y_c, x_c), arm("v", y_v, x_v)])
        adjusted_diffs.append(variant.mean - control.mean)
        raw_diffs.append(y_v.mean() - y_c.mean())
    adjusted = np.array(adjusted_diffs)
    raw = np.array(raw_diffs)
    # the mean of 400 estimates is within 4 standard errors of the true effect
    assert abs(adjusted.mean() - effect) < 4 * adjusted.std() / np.sqrt(experiments)
    assert adjusted.var() / raw.var() == pytest.approx(1 - rho**2, abs=0.1)


def test_arms_without_covariate_are_unchanged_and_adjusting_twice_is_stable() -> None:
    rng = np.random.default_rng(3)
    x_c, y_c = correlated(rng, 2000, 0.5)
    x_v, y_v = correlated(rng, 2000, 0.5)
    plain = arm("p", y_v, None)
    adjusted = cuped([arm("c", y_c, x_c), plain, arm("v", y_v, x_v)])
    assert adjusted[1] is plain
    assert adjusted[0] != arm("c", y_c, x_c)
    again = cuped(adjusted)
    theta_again = cuped_theta(adjusted)
    assert theta_again == pytest.approx(0.0, abs=1e-9)
    for first, second in zip(adjusted, again, strict=True):
        assert second.total == pytest.approx(first.total, rel=1e-9, abs=1e-6)
        assert second.total_sq == pytest.approx(first.total_sq, rel=1e-9)
    nothing = [arm("a", y_c, None), arm("b", y_v, None)]
    assert cuped(nothing) == nothing
    assert cuped_theta(nothing) is None
