"""Invariants over generated inputs: validation, p-values in [0, 1], intervals around the
estimate, significance consistent with alpha."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from umt.application.experiments.statistics import (
    BinaryArm,
    ContinuousArm,
    Covariate,
    Estimate,
    StatisticsInputError,
    benjamini_hochberg,
    beta_binomial,
    msprt_means,
    msprt_proportions,
    sample_ratio_mismatch,
    sample_size_means,
    sample_size_proportions,
    thompson_allocation,
    two_proportion_z_test,
    welch_t_test,
)

alphas = st.floats(min_value=0.001, max_value=0.5)


@st.composite
def binary_arms(draw: st.DrawFn, name: str = "arm") -> BinaryArm:
    trials = draw(st.integers(min_value=0, max_value=2_000_000))
    successes = draw(st.integers(min_value=0, max_value=trials))
    return BinaryArm(name=name, trials=trials, successes=successes)


@st.composite
def continuous_arms(draw: st.DrawFn, name: str = "arm") -> ContinuousArm:
    values = draw(st.lists(st.floats(min_value=-1e4, max_value=1e4), min_size=0, max_size=40))
    return ContinuousArm(
        name=name,
        n=len(values),
        total=math.fsum(values),
        total_sq=math.fsum(v * v for v in values),
    )


def assert_well_formed(estimate: Estimate, alpha: float) -> None:
    assert 0.0 <= estimate.p_value <= 1.0
    assert estimate.ci_low <= estimate.effect <= estimate.ci_high
    assert estimate.significant == (estimate.p_value < alpha)
    assert math.isfinite(estimate.effect)


@given(control=binary_arms(), variant=binary_arms(), alpha=alphas)
def test_proportion_tests_are_well_formed(
    control: BinaryArm, variant: BinaryArm, alpha: float
) -> None:
    assert_well_formed(two_proportion_z_test(control, variant, alpha=alpha), alpha)
    assert_well_formed(msprt_proportions(control, variant, alpha=alpha), alpha)


@example(  # variances so small that their squares underflow (once a ZeroDivisionError)
    control=ContinuousArm(name="arm", n=2, total=0.0, total_sq=0.0),
    variant=ContinuousArm(name="arm", n=2, total=2.3123446118553953e-82, total_sq=5.3469e-164),
    alpha=0.5,
)
@example(  # a subnormal sum of squares (once a NaN interval)
    control=ContinuousArm(name="arm", n=2, total=0.0, total_sq=0.0),
    variant=ContinuousArm(name="arm", n=2, total=4.861204779928841e-161, total_sq=2.36e-321),
    alpha=0.5,
)
@given(control=continuous_arms(), variant=continuous_arms(), alpha=alphas)
def test_mean_tests_are_well_formed(
    control: ContinuousArm, variant: ContinuousArm, alpha: float
) -> None:
    assert_well_formed(welch_t_test(control, variant, alpha=alpha), alpha)
    assert_well_formed(msprt_means(control, variant, alpha=alpha), alpha)


@settings(max_examples=30, deadline=None)
@given(control=binary_arms(), variant=binary_arms())
def test_bayesian_outputs_are_probabilities_and_losses(
    control: BinaryArm, variant: BinaryArm
) -> None:
    result = beta_binomial(control, variant)
    assert 0.0 <= result.probability_to_beat_control <= 1.0
    assert 0.0 <= result.expected_loss <= 1.0


@given(
    trials=st.integers(min_value=-1000, max_value=1000),
    successes=st.integers(min_value=-1000, max_value=1000),
)
def test_binary_arms_validate_their_counts(trials: int, successes: int) -> None:
    if 0 <= successes <= trials:
        assert BinaryArm(name="a", trials=trials, successes=successes).rate <= 1.0
    else:
        with pytest.raises(StatisticsInputError):
            BinaryArm(name="a", trials=trials, successes=successes)


@given(
    n=st.integers(min_value=-5, max_value=5),
    total=st.floats(allow_nan=True, allow_infinity=True),
    total_sq=st.floats(allow_nan=True, allow_infinity=True),
)
def test_continuous_arms_validate_their_sums(n: int, total: float, total_sq: float) -> None:
    valid = (
        n >= 0
        and math.isfinite(total)
        and math.isfinite(total_sq)
        and total_sq >= 0
        and (n > 0 or (total == 0 and total_sq == 0))
    )
    if valid:
        assert ContinuousArm(name="a", n=n, total=total, total_sq=total_sq).variance >= 0.0
    else:
        with pytest.raises(StatisticsInputError):
            ContinuousArm(name="a", n=n, total=total, total_sq=total_sq)


@given(value=st.floats(allow_nan=True, allow_infinity=True))
def test_covariates_refuse_non_finite_sums(value: float) -> None:
    if math.isfinite(value) and value >= 0:
        Covariate(total=value, total_sq=value, total_cross=value)
    else:
        with pytest.raises(StatisticsInputError):
            Covariate(total=value, total_sq=value, total_cross=value)


@given(alpha=st.floats(allow_nan=True, allow_infinity=True))
def test_alpha_outside_the_unit_interval_is_refused(alpha: float) -> None:
    arm = BinaryArm(name="a", trials=100, successes=10)
    if 0.0 < alpha < 1.0:
        assert 0.0 <= two_proportion_z_test(arm, arm, alpha=alpha).p_value <= 1.0
    else:
        with pytest.raises(StatisticsInputError):
            two_proportion_z_test(arm, arm, alpha=alpha)


@given(p_values=st.lists(st.floats(min_value=0.0, max_value=1.0), max_size=40), q=alphas)
def test_bh_adjusts_upwards_keeps_order_and_is_the_step_up_rule(
    p_values: list[float], q: float
) -> None:
    adjusted, rejected = benjamini_hochberg(p_values, q=q)
    assert len(adjusted) == len(rejected) == len(p_values)
    for raw, adj in zip(p_values, adjusted, strict=True):
        assert raw <= adj + 1e-15
        assert 0.0 <= adj <= 1.0
    for i, j in zip(
        sorted(range(len(p_values)), key=p_values.__getitem__),
        sorted(range(len(p_values)), key=p_values.__getitem__)[1:],
        strict=False,
    ):
        assert adjusted[i] <= adjusted[j]
    m = len(p_values)
    ranked = sorted(p_values)
    k = max((i for i in range(1, m + 1) if ranked[i - 1] <= i / m * q), default=0)
    assert sum(rejected) == k
    assert all(adj <= q * (1 + 1e-12) for adj, rej in zip(adjusted, rejected, strict=True) if rej)


@given(
    observed=st.lists(st.integers(min_value=0, max_value=10**7), min_size=2, max_size=6),
    data=st.data(),
)
def test_srm_statistics_are_well_formed(observed: list[int], data: st.DataObject) -> None:
    weights = data.draw(
        st.lists(
            st.floats(min_value=0.01, max_value=100.0),
            min_size=len(observed),
            max_size=len(observed),
        )
    )
    check = sample_ratio_mismatch(observed, weights)
    assert check.chi_square >= 0.0
    assert 0.0 <= check.p_value <= 1.0
    assert check.mismatch == (check.p_value < 0.001)


@settings(max_examples=30, deadline=None)
@given(
    arms=st.lists(binary_arms(), min_size=1, max_size=5),
    seed=st.integers(min_value=0, max_value=2**32),
    share=st.floats(min_value=0.0, max_value=1.0),
)
def test_thompson_weights_sum_to_one_above_the_floor(
    arms: list[BinaryArm], seed: int, share: float
) -> None:
    floor = share / len(arms)
    weights = thompson_allocation(arms, draws=500, seed=seed, floor=floor)
    assert math.fsum(weights) == pytest.approx(1.0, abs=1e-9)
    assert min(weights) >= floor - 1e-9


@given(
    baseline=st.floats(min_value=0.001, max_value=0.9),
    mde=st.floats(min_value=0.01, max_value=0.5),
    alpha=alphas,
    power=st.floats(min_value=0.55, max_value=0.99),
)
def test_sample_sizes_are_positive_and_shrink_with_the_effect(
    baseline: float, mde: float, alpha: float, power: float
) -> None:
    if baseline * (1 + 2 * mde) >= 1:
        return
    small = sample_size_proportions(baseline=baseline, relative_mde=mde, alpha=alpha, power=power)
    large = sample_size_proportions(
        baseline=baseline, relative_mde=2 * mde, alpha=alpha, power=power
    )
    assert small >= large >= 1
    assert sample_size_means(std=1.0, absolute_mde=mde, alpha=alpha, power=power) >= 1
