"""The demo history's plan: seeded posting days and hours, the readings of a post, and the
anomaly planted on one day's increase only."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from umt.application.sandbox_demo.plan import (
    ANOMALY_DAY_HOURS,
    history_plan,
    planted,
    reading_times,
)

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 3, 20)


def test_the_plan_is_a_function_of_its_seed_and_covers_every_day() -> None:
    plan = history_plan("demo", weeks=12, zone=BERLIN, today=TODAY)
    assert plan == history_plan("demo", weeks=12, zone=BERLIN, today=TODAY)
    assert plan != history_plan("other", weeks=12, zone=BERLIN, today=TODAY)
    days = Counter(p.published_at.astimezone(BERLIN).date() for p in plan)
    assert set(days) == {TODAY - timedelta(days=n) for n in range(1, 85)}
    assert set(days.values()) == {1, 2}
    assert [p.number for p in plan] == list(range(len(plan)))
    assert all(a.published_at < b.published_at for a, b in itertools.pairwise(plan))
    last = [p for p in plan if p.published_at.astimezone(BERLIN).date() == TODAY - timedelta(1)]
    assert tuple(p.published_at.astimezone(BERLIN).hour for p in last) == ANOMALY_DAY_HOURS
    with pytest.raises(ValueError, match="weeks"):
        history_plan("demo", weeks=27, zone=BERLIN, today=TODAY)


def test_a_post_is_read_at_the_end_of_each_day_it_earns_then_now() -> None:
    published = datetime(2026, 3, 17, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    now = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
    times = reading_times(published, zone=BERLIN, now=now)
    assert [t.astimezone(BERLIN).strftime("%d %H:%M:%S") for t in times] == [
        "17 23:59:59",
        "18 23:59:59",
        "19 23:59:59",
        "20 11:00:00",
    ]
    old = reading_times(published - timedelta(days=60), zone=BERLIN, now=now)
    assert len(old) == 15  # its two weeks of earning, and the day they end; nothing now


def test_the_anomaly_multiplies_one_days_increase_and_keeps_totals_cumulative() -> None:
    end = datetime(2026, 3, 19, 22, 59, 59, tzinfo=UTC)
    readings = [
        (end - timedelta(days=1), {"impressions": 100}),
        (end, {"impressions": 150}),
        (end + timedelta(days=1), {"impressions": 160}),
    ]
    assert planted(readings, day_end=end, factor=6.0) == [
        (end - timedelta(days=1), {"impressions": 100}),
        (end, {"impressions": 400}),  # 100 + 6 x 50
        (end + timedelta(days=1), {"impressions": 410}),  # the next day's 10 unchanged
    ]
    assert planted(readings[:1], day_end=end, factor=6.0) == readings[:1]
