"""Thompson-sampling allocation: seeded, normalised, favouring the better arm, floored."""

from __future__ import annotations

import math

import pytest

from umt.application.experiments.statistics import (
    BinaryArm,
    StatisticsInputError,
    beta_binomial,
    thompson_allocation,
)


def binary(name: str, trials: int, successes: int) -> BinaryArm:
    return BinaryArm(name=name, trials=trials, successes=successes)


ARMS = [binary("a", 1000, 50), binary("b", 1000, 58), binary("c", 1000, 61)]


def test_the_same_seed_gives_the_same_weights_and_another_seed_differs() -> None:
    assert thompson_allocation(ARMS, seed=42) == thompson_allocation(ARMS, seed=42)
    assert thompson_allocation(ARMS, seed=42) != thompson_allocation(ARMS, seed=43)


def test_weights_sum_to_one() -> None:
    for floor in (0.0, 0.05, 1 / 3):
        weights = thompson_allocation(ARMS, floor=floor)
        assert len(weights) == len(ARMS)
        assert math.fsum(weights) == pytest.approx(1.0, abs=1e-12)


def test_the_clearly_better_arm_gets_almost_everything() -> None:
    weights = thompson_allocation([binary("a", 2000, 100), binary("b", 2000, 200)])
    assert weights[1] > 0.999
    weights = thompson_allocation(
        [binary("a", 500, 25), binary("b", 500, 60), binary("c", 500, 24)], draws=5000
    )
    assert weights[1] == max(weights)
    assert weights[1] > 0.99


def test_two_arms_match_the_exact_probability_to_beat() -> None:
    control, variant = binary("a", 400, 40), binary("b", 400, 48)
    exact = beta_binomial(control, variant).probability_to_beat_control
    weights = thompson_allocation([control, variant], draws=100_000, seed=3)
    # 5 Monte Carlo standard errors
    assert weights[1] == pytest.approx(exact, abs=5 * math.sqrt(exact * (1 - exact) / 100_000))


def test_identical_arms_share_evenly_and_no_data_is_uniform() -> None:
    for weights in (
        thompson_allocation([binary("a", 300, 30), binary("b", 300, 30)], draws=50_000),
        thompson_allocation([binary(n, 0, 0) for n in "abcd"], draws=50_000),
    ):
        for w in weights:
            assert w == pytest.approx(1 / len(weights), abs=0.02)


def test_the_floor_is_respected() -> None:
    weights = thompson_allocation(
        [binary("a", 2000, 100), binary("b", 2000, 200), binary("c", 2000, 90)], floor=0.05
    )
    assert min(weights) >= 0.05 - 1e-12
    assert weights[1] == pytest.approx(1 - 2 * 0.05, abs=1e-3)
    assert thompson_allocation(ARMS, floor=1 / 3) == pytest.approx([1 / 3] * 3)


@pytest.mark.parametrize(
    ("arms", "draws", "floor"),
    [
        ([], 100, 0.0),
        (ARMS, 0, 0.0),
        (ARMS, 100, 0.34),
        (ARMS, 100, -0.01),
        (ARMS, 100, math.nan),
    ],
)
def test_invalid_arguments_are_refused(arms: list[BinaryArm], draws: int, floor: float) -> None:
    with pytest.raises(StatisticsInputError):
        thompson_allocation(arms, draws=draws, floor=floor)
