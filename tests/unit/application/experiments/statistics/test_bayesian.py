"""Beta-binomial: Evan Miller's closed form and Monte Carlo as the references."""

from __future__ import annotations

import math

import numpy as np
import pytest

from umt.application.experiments.statistics import (
    BinaryArm,
    StatisticsInputError,
    beta_binomial,
    probability_greater,
)

MC_DRAWS = 400_000


def binary(name: str, trials: int, successes: int) -> BinaryArm:
    return BinaryArm(name=name, trials=trials, successes=successes)


def log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def evan_miller(a_b: int, b_b: int, a_a: int, b_a: int) -> float:
    """P(p_B > p_A), Miller (2015) "Formulas for Bayesian A/B Testing", exact for integers:
    Σ_{i=0}^{alpha_B-1} B(alpha_A+i, β_A+β_B) / ((β_B+i)·B(1+i, β_B)·B(alpha_A, β_A))."""
    return math.fsum(
        math.exp(
            log_beta(a_a + i, b_a + b_b)
            - math.log(b_b + i)
            - log_beta(1 + i, b_b)
            - log_beta(a_a, b_a)
        )
        for i in range(a_b)
    )


CASES = [
    ((1000, 100), (1000, 130)),
    ((200, 20), (180, 15)),
    ((10_000, 520), (10_000, 560)),
    ((30, 2), (30, 9)),
    ((100, 50), (100, 50)),
    ((5, 0), (5, 5)),
]


@pytest.mark.parametrize(("control", "variant"), CASES)
def test_probability_to_beat_control_matches_evan_millers_closed_form(
    control: tuple[int, int], variant: tuple[int, int]
) -> None:
    result = beta_binomial(binary("c", *control), binary("v", *variant))
    n_c, s_c = control
    n_v, s_v = variant
    exact = evan_miller(1 + s_v, 1 + n_v - s_v, 1 + s_c, 1 + n_c - s_c)
    assert result.probability_to_beat_control == pytest.approx(exact, abs=1e-8)


@pytest.mark.parametrize(
    ("control", "variant", "prior"),
    [
        ((1000, 100), (1000, 130), (1.0, 1.0)),
        ((200, 20), (180, 15), (0.5, 0.5)),
        ((10_000, 520), (10_000, 560), (1.0, 1.0)),
        ((30, 2), (30, 9), (3.0, 40.0)),
    ],
)
def test_probability_and_expected_loss_match_monte_carlo(
    control: tuple[int, int], variant: tuple[int, int], prior: tuple[float, float]
) -> None:
    rng = np.random.default_rng(7)
    a0, b0 = prior
    a = rng.beta(a0 + control[1], b0 + control[0] - control[1], MC_DRAWS)
    b = rng.beta(a0 + variant[1], b0 + variant[0] - variant[1], MC_DRAWS)
    beat = float(np.mean(b > a))
    losses = np.maximum(a - b, 0.0)
    result = beta_binomial(binary("c", *control), binary("v", *variant), prior=prior)
    # 5 standard errors of the Monte Carlo mean: a false alarm is a 1-in-a-million event
    assert (
        abs(result.probability_to_beat_control - beat)
        <= 5 * math.sqrt(max(beat * (1 - beat), 1e-12) / MC_DRAWS) + 1e-9
    )
    assert (
        abs(result.expected_loss - float(losses.mean()))
        <= 5 * float(losses.std()) / math.sqrt(MC_DRAWS) + 1e-9
    )


def test_the_two_orders_are_complementary_and_the_clear_winner_wins() -> None:
    assert probability_greater(12.5, 80.0, 7.0, 93.0) + probability_greater(
        7.0, 93.0, 12.5, 80.0
    ) == pytest.approx(1.0, abs=1e-9)
    clear = beta_binomial(binary("c", 5000, 250), binary("v", 5000, 400))
    assert clear.probability_to_beat_control > 0.9999
    assert clear.expected_loss < 1e-9
    worse = beta_binomial(binary("c", 5000, 400), binary("v", 5000, 250))
    assert worse.probability_to_beat_control < 1e-4
    # choosing a variant 3 points worse costs about 3 points of rate
    assert worse.expected_loss == pytest.approx(0.03, abs=0.002)


def test_identical_arms_are_a_coin_flip() -> None:
    result = beta_binomial(binary("c", 4000, 333), binary("v", 4000, 333))
    assert result.probability_to_beat_control == pytest.approx(0.5, abs=1e-9)


@pytest.mark.parametrize("prior", [(0.0, 1.0), (1.0, -2.0), (math.nan, 1.0)])
def test_invalid_prior_is_refused(prior: tuple[float, float]) -> None:
    with pytest.raises(StatisticsInputError):
        beta_binomial(binary("c", 10, 1), binary("v", 10, 2), prior=prior)
