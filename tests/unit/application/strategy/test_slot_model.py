"""The best-time model's statistics, against figures worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from umt.application.strategy.slot_model import PostOutcome, estimate_slots, fit_prior, slot_of

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_prior_is_fitted_by_the_method_of_moments() -> None:
    # rates .1, .3, .2 over 100 impressions each: pooled m = .2, var(p) = .01,
    # noise = m(1-m) * mean(1/n) = .0016, tau2 = .0084, alpha+beta = .16/.0084 - 1
    prior = fit_prior([(10, 100), (30, 100), (20, 100)])
    strength = 0.16 / 0.0084 - 1
    assert prior.alpha == pytest.approx(0.2 * strength)
    assert prior.beta == pytest.approx(0.8 * strength)
    assert prior.mean == pytest.approx(0.2)
    assert not prior.pooled


def test_slots_that_differ_no_more_than_noise_pool_completely() -> None:
    prior = fit_prior([(10, 100), (11, 100), (9, 100)])
    assert prior.pooled
    assert prior.alpha + prior.beta == pytest.approx(300)
    assert prior.mean == pytest.approx(0.1)


def test_a_prior_needs_two_slots() -> None:
    with pytest.raises(ValueError, match="two slots"):
        fit_prior([(10, 100), (0, 0)])


def test_the_slot_is_the_weekday_and_hour_on_the_audiences_clock() -> None:
    # Monday 2 March 2026, 08:30 UTC is 09:30 in Berlin (UTC+1)
    assert slot_of(datetime(2026, 3, 2, 8, 30, tzinfo=UTC), BERLIN) == (0, 9)
    # after the clock change (29 March) Berlin is UTC+2
    assert slot_of(datetime(2026, 3, 30, 8, 30, tzinfo=UTC), BERLIN) == (0, 10)


def _posts(day: int, hour: int, count: int, impressions: int, engaged: int) -> list[PostOutcome]:
    at = datetime(2026, 2, day, hour, tzinfo=UTC)
    return [PostOutcome(at=at, engagements=engaged, impressions=impressions)] * count


def test_a_sparse_slot_is_shrunk_towards_the_account_more_than_a_dense_one() -> None:
    posts = (
        _posts(2, 8, 10, 1000, 100)  # Monday 9h Berlin: 10%, many impressions
        + _posts(3, 8, 10, 1000, 30)  # Tuesday 9h: 3%
        + _posts(4, 8, 10, 1000, 50)  # Wednesday 9h: 5%
        + _posts(5, 8, 1, 10, 5)  # Thursday 9h: 50% of only 10 impressions
    )
    model = estimate_slots(posts, BERLIN, level=0.9, min_posts=3)
    by_day = {s.weekday: s for s in model.slots}
    assert model.account_rate == pytest.approx(1805 / 30010)
    sparse, dense = by_day[3], by_day[0]
    assert sparse.observed_rate == pytest.approx(0.5)
    # the sparse slot moves most of the way to the prior; the dense one barely moves
    assert abs(sparse.rate - model.prior.mean) < abs(sparse.observed_rate - model.prior.mean) / 2
    assert dense.rate == pytest.approx(0.1, abs=0.002)
    for slot in model.slots:
        assert slot.low < slot.rate < slot.high
        assert slot.lift == pytest.approx(slot.rate / model.account_rate)
    # more impressions, narrower interval
    assert (dense.high - dense.low) < (sparse.high - sparse.low)
    # the sparse slot has one post: never suggested, however high its rate
    assert not sparse.enough_data
    assert [(s.weekday, s.hour) for s in model.suggestions(2)] == [(0, 9), (2, 9)]
    assert by_day[0].chance_above_account > 0.99
    assert by_day[1].chance_above_account < 0.01


def test_a_wider_level_gives_a_wider_interval() -> None:
    posts = _posts(2, 8, 5, 200, 20) + _posts(3, 8, 5, 200, 10) + _posts(4, 8, 5, 200, 14)
    narrow = estimate_slots(posts, BERLIN, level=0.5, min_posts=1).slots[0]
    wide = estimate_slots(posts, BERLIN, level=0.95, min_posts=1).slots[0]
    assert narrow.rate == pytest.approx(wide.rate)
    assert wide.low < narrow.low < narrow.high < wide.high


def test_engagements_above_impressions_are_capped() -> None:
    posts = _posts(2, 8, 3, 10, 50) + _posts(3, 8, 3, 10, 1)
    model = estimate_slots(posts, BERLIN, level=0.9, min_posts=1)
    assert model.slots[0].engagements == 30
    assert 0 < model.slots[0].high <= 1
