"""Properties of recurring schedules and of the import's parsing, over generated input: a
schedule's occurrences keep their wall time (a skipped hour moves forward, never back), are
strictly increasing and fall on the rule's dates; any CSV text either reads as rows or is an
InvalidValue, never anything else."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from umt.application.publishing.import_rows import MAX_ROWS, csv_rows
from umt.domain.publishing.schedule import Frequency, Schedule
from umt.domain.shared.errors import InvalidValue

ZONES = st.sampled_from(
    ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]
)
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))


def schedule(zone: str, wall: time, weekdays: frozenset[int], start: date) -> Schedule:
    return Schedule.create(
        now=datetime(2025, 1, 1, tzinfo=UTC),
        id=uuid4(),
        organization_id=uuid4(),
        brand_id=uuid4(),
        content_id=uuid4(),
        channel_account_ids=(uuid4(),),
        frequency=Frequency.WEEKLY,
        weekdays=weekdays,
        local_time=wall,
        time_zone=zone,
        starts_on=start,
    )


@settings(max_examples=60, deadline=None)
@given(
    zone=ZONES,
    wall=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    start=DAYS,
    span=st.integers(0, 400),
)
def test_occurrences_keep_their_wall_time_and_order(
    zone: str, wall: time, weekdays: frozenset[int], start: date, span: int
) -> None:
    s = schedule(zone, wall, weekdays, start)
    plans = s.occurrences(start, start + timedelta(days=span))
    instants = [p.due_at for p in plans]
    assert instants == sorted(instants)
    assert len(set(instants)) == len(instants)
    expected_days = [
        start + timedelta(days=n)
        for n in range(span + 1)
        if (start + timedelta(days=n)).weekday() in weekdays
    ]
    assert len(plans) == len(expected_days)
    for plan, day in zip(plans, expected_days, strict=True):
        local = plan.due_at.astimezone(ZoneInfo(zone))
        assert plan.local_time == local.replace(tzinfo=None)
        planned = datetime.combine(day, wall)
        # the wall time itself, or (in a gap the clocks skip) at most three hours later
        assert timedelta(0) <= plan.local_time - planned <= timedelta(hours=3)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_csv_text_reads_as_rows_or_is_refused_as_invalid(text: str) -> None:
    header = "content_id,channel_account_id,at\n"
    for candidate in (text, header + text):
        refused: InvalidValue | None = None
        try:
            rows = csv_rows(candidate)
        except InvalidValue as exc:
            refused = exc
        if refused is not None:
            assert refused.field == "csv"
            continue
        assert 1 <= len(rows) <= MAX_ROWS
        assert [r.number for r in rows] == list(range(1, len(rows) + 1))
