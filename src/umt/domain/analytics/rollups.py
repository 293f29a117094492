"""Daily rollups of cumulative totals: one bucket per (subject, metric, day), the day in the
brand's time zone.

Platforms report cumulative totals. A bucket keeps the last total reported on its day and the
day's change: that total minus the total of the subject's previous bucket (the first bucket
starts from zero, since a platform counts from the object's creation). A day without any
reading has no bucket; its activity shows on the next day that has one. The buckets of a
series therefore always add up to its latest total, also after a recomputation, which starts
from the previous bucket's total rather than from the raw samples (so dropping old raw
samples changes no later bucket). Several sources of one subject and metric form one series,
ordered by observation time (then source): they report the same total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

ZERO = Decimal(0)
# How much earlier than a day's computed start its readings are looked for: a clock change at
# midnight (at most two hours anywhere) may put the day's true start before it. The readings
# found are still filtered by their day.
DAY_START_MARGIN = timedelta(hours=3)


@dataclass(frozen=True, slots=True)
class Reading:
    """One stored sample of a series, as the rollups need it."""

    observed_at: datetime
    source: str
    value: Decimal
    channel: str
    currency: str | None
    brand_id: UUID


@dataclass(frozen=True, slots=True)
class DayBucket:
    day: date
    value: Decimal  # the day's change: its last total minus the previous bucket's total
    total: Decimal  # the last total reported on the day
    channel: str  # these three of the day's last reading
    currency: str | None
    brand_id: UUID


def local_day(at: datetime, zone: ZoneInfo) -> date:
    """The calendar day ``at`` falls on in ``zone``."""
    return at.astimezone(zone).date()


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant ``day`` begins in ``zone`` (where a clock change skips midnight, the
    instant the clocks jump: the day's first)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def first_open_day(now: datetime, zone: ZoneInfo, late_days: int) -> date:
    """The oldest day whose bucket late data still changes: ``late_days`` before today."""
    return local_day(now, zone) - timedelta(days=late_days)


def daily_buckets(
    readings: Iterable[Reading], *, zone: ZoneInfo, since: date, baseline: Decimal
) -> list[DayBucket]:
    """The buckets of the days from ``since`` on, from a series' readings (any order; those
    before ``since`` are ignored) and ``baseline``, the total of its last bucket before
    ``since`` (zero if none)."""
    last: dict[date, Reading] = {}
    for reading in sorted(readings, key=lambda r: (r.observed_at, r.source)):
        day = local_day(reading.observed_at, zone)
        if day >= since:
            last[day] = reading  # sorted: the day's last reading wins
    buckets: list[DayBucket] = []
    previous = baseline
    for day in sorted(last):
        reading = last[day]
        buckets.append(
            DayBucket(
                day=day,
                value=reading.value - previous,
                total=reading.value,
                channel=reading.channel,
                currency=reading.currency,
                brand_id=reading.brand_id,
            )
        )
        previous = reading.value
    return buckets
