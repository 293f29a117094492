"""Sample-ratio mismatch against scipy; Benjamini-Hochberg against statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from umt.application.experiments.statistics import (
    StatisticsInputError,
    benjamini_hochberg,
    sample_ratio_mismatch,
)


@pytest.mark.parametrize(
    ("observed", "weights"),
    [
        ([5000, 5200], [1.0, 1.0]),
        ([10_000, 10_400], [0.5, 0.5]),
        ([3300, 3400, 3350], [1.0, 1.0, 1.0]),
        ([9000, 1000], [0.9, 0.1]),
        ([8000, 1200, 800], [80.0, 10.0, 10.0]),
        ([0, 10], [1.0, 1.0]),
    ],
)
def test_srm_matches_scipy_chisquare(observed: list[int], weights: list[float]) -> None:
    total = sum(observed)
    expected = [total * w / sum(weights) for w in weights]
    reference = stats.chisquare(observed, expected)
    check = sample_ratio_mismatch(observed, weights)
    assert check.chi_square == pytest.approx(reference.statistic, rel=1e-12)
    assert check.p_value == pytest.approx(reference.pvalue, rel=1e-9, abs=1e-300)
    assert check.mismatch == (reference.pvalue < 0.001)


def test_srm_flags_a_broken_split_and_passes_a_healthy_one() -> None:
    # Kohavi, Tang & Xu (2020), ch. 21: 821,588 vs 815,482 on a 50/50 design, p ≈ 1.8e-6
    broken = sample_ratio_mismatch([821_588, 815_482], [0.5, 0.5])
    assert broken.mismatch
    assert broken.p_value == pytest.approx(1.8e-6, rel=0.1)
    assert not sample_ratio_mismatch([50_110, 49_890], [0.5, 0.5]).mismatch
    assert sample_ratio_mismatch([0, 0], [1.0, 1.0]).p_value == 1.0


@pytest.mark.parametrize(
    ("observed", "weights"),
    [
        ([10], [1.0]),
        ([10, 10], [1.0]),
        ([-1, 10], [1.0, 1.0]),
        ([5, 5], [1.0, 0.0]),
        ([5, 5], [1.0, math.inf]),
    ],
)
def test_srm_refuses_invalid_input(observed: list[int], weights: list[float]) -> None:
    with pytest.raises(StatisticsInputError):
        sample_ratio_mismatch(observed, weights)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("q", [0.05, 0.1])
def test_bh_matches_statsmodels(seed: int, q: float) -> None:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 30))
    p = np.concatenate([rng.uniform(0, 1, m), rng.uniform(0, 0.01, m // 3)])
    p[: m // 4] = p[m // 4 : 2 * (m // 4)]  # ties
    reject, adjusted, _, _ = multipletests(p, alpha=q, method="fdr_bh")
    ours_adjusted, ours_reject = benjamini_hochberg(p.tolist(), q=q)
    assert ours_adjusted == pytest.approx(adjusted.tolist(), rel=1e-12)
    assert ours_reject == reject.tolist()


def test_bh_worked_example() -> None:
    # Benjamini & Hochberg (1995), §4: 15 p-values, q = 0.05 rejects the four smallest.
    p = [
        0.0001,
        0.0004,
        0.0019,
        0.0095,
        0.0201,
        0.0278,
        0.0298,
        0.0344,
        0.0459,
        0.3240,
        0.4262,
        0.5719,
        0.6528,
        0.7590,
        1.0000,
    ]
    _, reject = benjamini_hochberg(p, q=0.05)
    assert reject == [True] * 4 + [False] * 11


def test_bh_edge_cases() -> None:
    assert benjamini_hochberg([]) == ([], [])
    assert benjamini_hochberg([0.03]) == ([0.03], [True])
    with pytest.raises(StatisticsInputError):
        benjamini_hochberg([0.1, 1.2])
    with pytest.raises(StatisticsInputError):
        benjamini_hochberg([0.1], q=0.0)
