"""The insights' statistics against hand-computed examples: the robust (MAD) z-score with its
fall-backs, floors and direction; Wilson and square-root Poisson intervals; Welch's t of two
windows; the performers' ranking and effect sizes. Plus the properties a z-score must have."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from umt.domain.analytics.insights.intervals import poisson, wilson
from umt.domain.analytics.insights.performers import Candidate, rank
from umt.domain.analytics.insights.robust import (
    AnomalyRules,
    Direction,
    ScoreMethod,
    judge_anomaly,
    mad,
    median,
    robust_z,
)
from umt.domain.analytics.insights.trend import TrendRules, judge_trend, welch_t

HISTORY = [10.0, 12.0, 11.0, 13.0, 9.0, 10.0, 12.0, 11.0]  # median 11, MAD 1


def test_median_and_mad_by_hand() -> None:
    assert median(HISTORY) == 11.0
    assert mad(HISTORY) == 1.0  # |deviations| 2 1 1 0 0 1 1 2: median 1
    assert median([3.0, 1.0, 2.0]) == 2.0


def test_the_modified_z_score_by_hand() -> None:
    score = robust_z(20.0, HISTORY)
    assert score.method is ScoreMethod.MAD
    assert score.z == pytest.approx(0.6745 * 9 / 1)  # 6.0705


def test_a_zero_mad_falls_back_to_the_mean_absolute_deviation() -> None:
    # four tens and a twelve: the MAD is 0; the mean absolute deviation 2/5 = 0.4
    score = robust_z(20.0, [10.0, 10.0, 10.0, 10.0, 12.0])
    assert score.method is ScoreMethod.MEAN_ABSOLUTE_DEVIATION
    assert score.spread == pytest.approx(0.4)
    assert score.z == pytest.approx(10 / (1.253314 * 0.4))  # 19.947


def test_a_constant_history_has_no_score_and_is_judged_on_the_floors() -> None:
    score = robust_z(30.0, [10.0] * 5)
    assert score.z is None
    assert score.method is ScoreMethod.CONSTANT_HISTORY
    verdict = judge_anomaly(30.0, [10.0] * 5, AnomalyRules())
    assert verdict.anomalous
    assert verdict.relative_change == pytest.approx(2.0)
    # the same value as the constant history is no anomaly, and nothing divides by zero
    assert judge_anomaly(10.0, [10.0] * 5, AnomalyRules()).reason == "no_change"


def test_an_anomaly_needs_enough_history() -> None:
    verdict = judge_anomaly(100.0, [10.0, 11.0, 12.0], AnomalyRules(min_history=4))
    assert (verdict.anomalous, verdict.reason) == (False, "short_history")


def test_the_minimum_count_floor() -> None:
    # 2 → 9 is a huge z but a small count: neither 9 nor the median 2 reaches 20
    verdict = judge_anomaly(9.0, [2.0, 3.0, 2.0, 3.0, 2.0], AnomalyRules())
    assert verdict.reason == "below_count"
    assert judge_anomaly(9.0, [2.0, 3.0, 2.0, 3.0, 2.0], AnomalyRules(min_count=5)).anomalous


PLATEAU = [100.0, 110.0, 90.0, 105.0, 95.0, 100.0]  # median 100, MAD 5


def test_the_relative_change_floor() -> None:
    # z = 0.6745 * 40 / 5 = 5.40, but 140 is only 40 % above the median of 100
    verdict = judge_anomaly(140.0, PLATEAU, AnomalyRules(min_change=0.5))
    assert verdict.reason == "below_change"
    assert verdict.score is not None
    assert verdict.score.z == pytest.approx(5.396)
    assert judge_anomaly(140.0, PLATEAU, AnomalyRules(min_change=0.3)).anomalous


def test_the_threshold() -> None:
    # 108 is 0.6745 * 8 / 5 = 1.08 from the median: no anomaly at 3.5
    verdict = judge_anomaly(108.0, PLATEAU, AnomalyRules(min_change=0.0))
    assert verdict.reason == "below_threshold"


@pytest.mark.parametrize(
    ("direction", "drop", "spike"),
    [(Direction.BOTH, True, True), (Direction.UP, False, True), (Direction.DOWN, True, False)],
)
def test_the_direction_setting(direction: Direction, drop: bool, spike: bool) -> None:
    rules = AnomalyRules(direction=direction)
    assert judge_anomaly(40.0, PLATEAU, rules).anomalous is drop  # z = -8.09
    assert judge_anomaly(200.0, PLATEAU, rules).anomalous is spike  # z = +13.5


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(
    history=st.lists(finite, min_size=3, max_size=12),
    value=finite,
    scale=st.floats(min_value=0.01, max_value=1000),
    shift=finite,
)
def test_z_scores_ignore_the_unit_and_the_origin(
    history: list[float], value: float, scale: float, shift: float
) -> None:
    before = robust_z(value, history)
    after = robust_z(value * scale + shift, [v * scale + shift for v in history])
    if before.z is None or after.z is None or before.spread < 1e-6:
        return  # no spread (or one lost to rounding): nothing to compare
    assert after.method is before.method
    assert after.z == pytest.approx(before.z, rel=1e-6, abs=1e-6)


def test_wilson_by_hand() -> None:
    half_of_ten = wilson(5, 10, z=1.96)
    assert (half_of_ten.low, half_of_ten.high) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    none_of_ten = wilson(0, 10, z=1.96)
    assert (none_of_ten.low, none_of_ten.high) == pytest.approx((0.0, 0.2775), abs=1e-4)


@given(
    trials=st.integers(min_value=1, max_value=10**7),
    share=st.floats(min_value=0, max_value=1),
)
def test_a_wilson_interval_holds_the_rate_and_stays_in_zero_one(trials: int, share: float) -> None:
    successes = round(trials * share)
    interval = wilson(successes, trials)
    assert 0.0 <= interval.low <= successes / trials + 1e-12
    assert successes / trials - 1e-12 <= interval.high <= 1.0


def test_the_square_root_poisson_interval_by_hand() -> None:
    sixteen = poisson(16, z=2.0)  # (4 - 1)^2, (4 + 1)^2
    assert (sixteen.low, sixteen.high) == (9.0, 25.0)
    assert (poisson(0, z=2.0).low, poisson(0, z=2.0).high) == (0.0, 1.0)


def test_welch_t_and_a_trend_change_by_hand() -> None:
    before, after = [10.0, 12.0, 14.0], [20.0, 22.0, 24.0]  # means 12 and 22, variances 4
    assert welch_t(before, after) == pytest.approx(10 / (8 / 3) ** 0.5)  # 6.124
    verdict = judge_trend(before, after, TrendRules(window_days=3))
    assert verdict.changed
    assert verdict.relative_change == pytest.approx(10 / 12)


def test_a_step_without_spread_is_a_change_without_t() -> None:
    verdict = judge_trend([5.0] * 3, [10.0] * 3, TrendRules(window_days=3))
    assert (verdict.changed, verdict.t) == (True, None)


def test_a_noisy_shift_is_not_a_trend_change() -> None:
    verdict = judge_trend([10.0, 30.0, 10.0], [30.0, 10.0, 40.0], TrendRules(window_days=3))
    assert verdict.reason == "below_t"
    assert verdict.t == pytest.approx(0.9045, abs=1e-4)


def test_the_trend_floors() -> None:
    small = judge_trend([1.0, 1.0, 2.0], [3.0, 4.0, 3.0], TrendRules(window_days=3))
    assert small.reason == "below_count"  # means 1.33 and 3.33, under 5 a day
    slight = judge_trend([100.0, 101.0, 99.0], [110.0, 111.0, 109.0], TrendRules(window_days=3))
    assert slight.reason == "below_change"  # +10 %, under 25 %


def test_performers_by_hand() -> None:
    candidates = [
        Candidate("a", 50, 1000),  # 5 %
        Candidate("b", 10, 1000),  # 1 %
        Candidate("c", 30, 1000),  # 3 %: the median
        Candidate("d", 5, 50),  # 10 %, but under the 100 trials asked for
    ]
    ranking = rank(candidates, limit=1, min_trials=100)
    assert ranking.subjects == 3
    assert ranking.median == pytest.approx(0.03)
    assert ranking.mean == pytest.approx(90 / 3000)
    (top,) = ranking.top
    (bottom,) = ranking.bottom
    assert (top.key, top.clear) == ("a", True)
    assert top.lift == pytest.approx(0.05 / 0.03 - 1)
    assert top.difference == pytest.approx(0.02)
    assert bottom.key == "b"
    assert bottom.lift == pytest.approx(0.01 / 0.03 - 1)


def test_the_top_is_ranked_by_its_lower_bound() -> None:
    # 3 of 10 is 30 %, but its interval reaches down to 11 %; 300 of 2,000 (15 %) is surer
    ranking = rank([Candidate("few", 3, 10), Candidate("many", 300, 2000)], limit=1, min_trials=1)
    assert [p.key for p in ranking.top] == ["many"]
    assert [p.key for p in ranking.bottom] == ["few"]


windows = st.lists(st.floats(min_value=0, max_value=1e5, allow_nan=False), min_size=3, max_size=20)


@given(before=windows, after=windows, scale=st.floats(min_value=0.01, max_value=100))
def test_welch_t_ignores_the_unit(before: list[float], after: list[float], scale: float) -> None:
    # windows with a real spread (a near-constant one loses its variance to rounding)
    assume(max(before) - min(before) > 1e-3 and max(after) - min(after) > 1e-3)
    plain = welch_t(before, after)
    scaled = welch_t([v * scale for v in before], [v * scale for v in after])
    assert plain is not None
    assert scaled is not None
    assert scaled == pytest.approx(plain, rel=1e-6, abs=1e-6)


@given(before=windows, after=windows)
def test_swapping_the_windows_turns_the_t_around(before: list[float], after: list[float]) -> None:
    forth, back = welch_t(before, after), welch_t(after, before)
    assert (forth is None) == (back is None)
    if forth is not None and back is not None:
        assert back == pytest.approx(-forth, rel=1e-9, abs=1e-9)
