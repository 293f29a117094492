"""The Schedule aggregate: one approved piece published again and again to channel accounts,
daily, weekly on some weekdays, or every N days (evergreen recycling: the piece's approved
version, a promoted winner's included, goes out again), at a wall time in an IANA zone.

Occurrences are computed in the zone with ``zoneinfo``, date by date, so 09:00 in
Europe/Berlin stays 09:00 across daylight-saving changes (the UTC instant moves by an hour).
A wall time the clocks skip on a date (02:30 the night they go forward) takes place when the
clocks reach it again, that much later (03:30); one they repeat takes place the first time.
The schedule is expanded ahead into publications (``expanded_until``); expanding a date twice
makes nothing twice (one publication per schedule, account and due time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from umt.domain.publishing import schedule_events as ev
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication_status import MAX_GRACE, MissedPolicy
from umt.domain.shared.aggregate import AggregateRoot, apply_changes
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    OrganizationId,
    ScheduleId,
)
from umt.domain.shared.time_zones import require_time_zone

MAX_ACCOUNTS = 20
MAX_HORIZON_DAYS = 90
MAX_INTERVAL_DAYS = 365
EDITABLE = frozenset(
    {
        "channel_account_ids",
        "frequency",
        "weekdays",
        "interval_days",
        "local_time",
        "time_zone",
        "starts_on",
        "ends_on",
        "horizon_days",
        "active",
        "grace",
        "missed_policy",
    }
)


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"  # on ``weekdays`` (0 Monday … 6 Sunday)
    EVERY_N_DAYS = "every_n_days"  # evergreen: every ``interval_days`` from ``starts_on``


class ScheduleInvalid(InvalidValue):
    """The schedule's rule is inconsistent (no weekday, an interval without its frequency...)."""

    code = "schedule_invalid"


@dataclass(slots=True, kw_only=True)
class Schedule(AggregateRoot):
    id: ScheduleId
    organization_id: OrganizationId
    brand_id: BrandId
    content_id: ContentId
    channel_account_ids: tuple[ChannelAccountId, ...]
    frequency: Frequency
    local_time: time  # the wall time of day in ``time_zone``
    time_zone: str
    weekdays: frozenset[int] = frozenset()
    interval_days: int | None = None
    starts_on: date
    ends_on: date | None = None
    horizon_days: int = 14  # how far ahead it is expanded into publications
    expanded_until: date | None = None  # the last local date expanded
    active: bool = True
    grace: timedelta | None = None  # for its publications (None: the default)
    missed_policy: MissedPolicy | None = None
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.frequency = Frequency(self.frequency)
        self.time_zone = require_time_zone(self.time_zone)
        self.channel_account_ids = tuple(self.channel_account_ids)
        self.weekdays = frozenset(self.weekdays)
        if self.missed_policy is not None:
            self.missed_policy = MissedPolicy(self.missed_policy)
        self._check()

    def _check(self) -> None:
        accounts = self.channel_account_ids
        if not 1 <= len(accounts) <= MAX_ACCOUNTS or len(set(accounts)) != len(accounts):
            raise ScheduleInvalid(
                f"1 to {MAX_ACCOUNTS} different channel accounts", field="channel_account_ids"
            )
        if self.local_time.tzinfo is not None:
            raise ScheduleInvalid("local_time is a wall time without offset", field="local_time")
        weekly = self.frequency is Frequency.WEEKLY
        if weekly != bool(self.weekdays) or not self.weekdays <= set(range(7)):
            raise ScheduleInvalid(
                "a weekly schedule names its weekdays (0 Monday to 6 Sunday), no other does",
                field="weekdays",
            )
        every = self.frequency is Frequency.EVERY_N_DAYS
        if every != (self.interval_days is not None) or (
            self.interval_days is not None and not 1 <= self.interval_days <= MAX_INTERVAL_DAYS
        ):
            raise ScheduleInvalid(
                f"every_n_days takes interval_days (1 to {MAX_INTERVAL_DAYS}), no other does",
                field="interval_days",
            )
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ScheduleInvalid("ends_on is on or after starts_on", field="ends_on")
        if not 1 <= self.horizon_days <= MAX_HORIZON_DAYS:
            raise ScheduleInvalid(
                f"horizon_days lies between 1 and {MAX_HORIZON_DAYS}", field="horizon_days"
            )
        if self.grace is not None and not timedelta(0) <= self.grace <= MAX_GRACE:
            raise ScheduleInvalid("the grace window lies between 0 and 7 days", field="grace")

    @classmethod
    def create(cls, *, now: datetime, **fields: Any) -> Schedule:
        schedule = cls(created_at=now, updated_at=now, **fields)
        schedule._record(ev.ScheduleCreated, now, schedule._rule())
        return schedule

    # ------------------------------------------------------------------ the rule

    def occurs_on(self, day: date) -> bool:
        if day < self.starts_on or (self.ends_on is not None and day > self.ends_on):
            return False
        if self.frequency is Frequency.WEEKLY:
            return day.weekday() in self.weekdays
        if self.frequency is Frequency.EVERY_N_DAYS:
            assert self.interval_days is not None  # noqa: S101  # checked in _check
            return (day - self.starts_on).days % self.interval_days == 0
        return True

    def planned_on(self, day: date) -> PlannedTime:
        """The occurrence of ``day``: its wall time in the zone. In a gap, ``fold=0`` reads
        the wall time with the offset before the change, which is that much later once the
        clocks have moved (02:30 → 03:30); a repeated wall time is its first occurrence."""
        zone = ZoneInfo(self.time_zone)
        wall = datetime.combine(day, self.local_time)
        instant = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
        return PlannedTime.at_instant(instant, self.time_zone)

    def occurrences(self, first: date, last: date) -> list[PlannedTime]:
        """The occurrences on the local dates from ``first`` to ``last``, in order."""
        days = (last - first).days + 1
        dates = (first + timedelta(days=n) for n in range(max(days, 0)))
        return [self.planned_on(day) for day in dates if self.occurs_on(day)]

    def to_expand(self, now: datetime) -> tuple[date, date] | None:
        """The local dates not yet expanded up to the horizon, or None."""
        if not self.active:
            return None
        today = now.astimezone(ZoneInfo(self.time_zone)).date()
        first = max(today, self.starts_on)
        if self.expanded_until is not None:
            first = max(first, self.expanded_until + timedelta(days=1))
        last = today + timedelta(days=self.horizon_days)
        if self.ends_on is not None:
            last = min(last, self.ends_on)
        return (first, last) if first <= last else None

    @property
    def next_expansion_on(self) -> date | None:
        """The local date from which its horizon reaches past what was expanded (None: it
        was never expanded, so now)."""
        if self.expanded_until is None:
            return None
        return self.expanded_until - timedelta(days=self.horizon_days - 1)

    # ------------------------------------------------------------------ changing

    def expanded(self, until: date, *, now: datetime) -> None:
        """The dates up to ``until`` have their publications."""
        if self.expanded_until is None or until > self.expanded_until:
            self.expanded_until = until
            self._bump(now)

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        """Change the rule; the dates ahead are expanded again (what was made stays)."""
        if expected_version is not None and expected_version != self.version:
            raise StaleVersion(
                f"schedule is at version {self.version}, the change was made against version"
                f" {expected_version}"
            )
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ScheduleInvalid(f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0])
        diff = apply_changes(self, changes)
        if diff is None:
            return
        if set(diff.changed) - {"active", "horizon_days", "ends_on"}:
            self.expanded_until = None  # a new rule: the dates ahead are expanded again
        self._bump(now)
        self._record(ev.ScheduleUpdated, now, diff)

    def delete(self, *, now: datetime) -> None:
        self._record(ev.ScheduleDeleted, now, self._rule())

    def _rule(self) -> ev.ScheduleRule:
        return ev.ScheduleRule(
            brand_id=self.brand_id,
            content_id=self.content_id,
            channel_account_ids=[str(a) for a in self.channel_account_ids],
            frequency=self.frequency.value,
            local_time=self.local_time.isoformat(),
            time_zone=self.time_zone,
            weekdays=sorted(self.weekdays),
            interval_days=self.interval_days,
            starts_on=self.starts_on.isoformat(),
            ends_on=None if self.ends_on is None else self.ends_on.isoformat(),
        )
