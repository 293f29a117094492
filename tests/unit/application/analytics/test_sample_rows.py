"""The row checks: the quick path most rows take gives exactly what the full check gives, and
refuses whatever the full check refuses (generated rows, mostly nearly valid)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from umt.application.analytics.sample_rows import RowRules, _sample, quick_reader

NOW = datetime(2026, 3, 20, 12, tzinfo=UTC)
RULES = RowRules(
    organization_id=UUID(int=1),
    brand_id=UUID(int=2),
    source="api",
    earliest=NOW - timedelta(days=60),
    latest=NOW + timedelta(minutes=10),
)
SUBJECT = UUID(int=3)

times = st.datetimes(
    min_value=datetime(2025, 12, 1),  # noqa: DTZ001  # zones are added below
    max_value=datetime(2026, 4, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), None]),
)
rows = st.fixed_dictionaries(
    {
        "subject_kind": st.sampled_from(["publication", "ad", "tweet", 3]),
        "subject_id": st.sampled_from([SUBJECT, str(SUBJECT), "nope", 7]),
        "channel": st.sampled_from(["linkedin", "meta_ads", "LinkedIn"]),
        "metric": st.sampled_from(["impressions", "spend", "followers"]),
        "value": st.one_of(
            st.integers(min_value=-5, max_value=10**19),
            st.decimals(allow_nan=True, allow_infinity=True, places=3),
            st.floats(allow_nan=True),
            st.sampled_from(["12.5", " 7 ", "1e3", "lots", True]),
        ),
        "observed_at": st.one_of(times, times.map(lambda t: t.isoformat()), st.just("soon")),
    },
    optional={
        "raw_name": st.sampled_from(["", "impressionCount", "x" * 201, 5]),
        "currency": st.sampled_from(["", "EUR", "eur", "EURO", None]),
        "extra": st.just(1),
    },
)


@settings(max_examples=200, deadline=None)
@given(row=rows)
def test_the_quick_path_agrees_with_the_full_check(row: dict[str, Any]) -> None:
    quick = quick_reader(RULES)(row)
    problems: list[tuple[str, str]] = []
    full = _sample(row, RULES, problems)
    if quick is not None:
        assert quick == full
    assert (full is None) == bool(problems)


def test_the_two_paths_read_one_valid_row_alike() -> None:
    row = {
        "subject_kind": "ad",
        "subject_id": str(SUBJECT),
        "channel": "meta_ads",
        "metric": "spend",
        "value": "12.50",
        "observed_at": "2026-03-20T07:00:00-05:00",
        "currency": "EUR",
    }
    quick = quick_reader(RULES)(row)
    assert quick is not None
    assert quick == _sample(row, RULES, [])
    assert (quick.value, quick.observed_at, quick.raw_name) == (
        Decimal("12.50"),
        NOW,
        "spend",
    )


def test_a_value_that_rounds_up_to_the_bound_is_refused_by_both_paths() -> None:
    row = {
        "subject_kind": "publication",
        "subject_id": str(SUBJECT),
        "channel": "linkedin",
        "metric": "impressions",
        "value": "999999999999999999.9999995",  # 10^18 at six places: NUMERIC(24, 6) overflows
        "observed_at": "2026-03-20T07:00:00Z",
    }
    problems: list[tuple[str, str]] = []
    assert quick_reader(RULES)(row) is None
    assert _sample(row, RULES, problems) is None
    assert problems == [("value", "is a cumulative total: zero or more, below 10^18")]
    row["value"] = "999999999999999999.9999994"
    kept = quick_reader(RULES)(row)
    assert kept is not None
    assert kept == _sample(row, RULES, [])
    assert kept.value == Decimal("999999999999999999.999999")
