"""The ReportSchedule aggregate: a brand's report delivered on a cadence (daily, or weekly on
a weekday) at a local hour of the brand's time zone, to mail recipients and, optionally, to
the organization's webhooks.

Each run is due at ``next_due_at`` (UTC). The scheduler claims a due schedule under a lease
(``claimed_until``) so that several processes never run it at once, and a run that died is
taken up again when its lease runs out; what was delivered is keyed by (schedule, due time),
so one due time is delivered once however many processes raced for it. A delivery moves
``next_due_at`` to the first occurrence after both the due time and now: occurrences missed
while nothing ran are delivered once, not once each. Creating, changing and deleting it record
``report_schedule.created``, ``.updated`` and ``.deleted`` (the recipients counted, not named:
an address is personal data, and the schedule's readers see them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.events import EventFacts, TypedEvent
from umt.domain.shared.values import Email

MAX_RECIPIENTS = 20
MAX_RANGE_DAYS = 400
REPORT_KINDS = ("content", "channels", "campaigns", "time_of_day", "experiments")
FILE_FORMATS = ("csv", "xlsx")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EDITABLE = frozenset(
    {"kind", "range_days", "cadence", "weekday", "hour", "recipients", "webhook", "file_format"}
)


class Cadence(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


def next_occurrence(
    after: datetime, *, zone: ZoneInfo, cadence: Cadence, weekday: int | None, hour: int
) -> datetime:
    """The first time strictly after ``after`` that the cadence names (the local ``hour``
    o'clock, of any day or of ``weekday``), in UTC. A local hour a clock change skips is
    taken as the wall clock says (zoneinfo's fold 0)."""
    day = after.astimezone(zone).date()
    for offset in range(9):
        candidate_day = day + timedelta(days=offset)
        if cadence is Cadence.WEEKLY and candidate_day.weekday() != weekday:
            continue
        at = datetime.combine(candidate_day, time(hour), tzinfo=zone).astimezone(after.tzinfo)
        if at > after:
            return at
    raise AssertionError("a week always holds an occurrence")  # pragma: no cover


def report_range(due_at: datetime, zone: ZoneInfo, days: int) -> tuple[date, date]:
    """The ``days`` whole days before the due time's local day (the last complete ones)."""
    until = due_at.astimezone(zone).date() - timedelta(days=1)
    return until - timedelta(days=days - 1), until


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportScheduleFacts(EventFacts):
    """A report schedule as it stands after the change."""

    brand_id: UUID
    kind: str
    range_days: int
    cadence: str
    weekday: int | None
    hour: int
    time_zone: str
    file_format: str
    recipients: int  # how many addresses it mails
    webhook: bool
    next_due_at: str | None  # None once deleted


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportScheduleCreated(TypedEvent[ReportScheduleFacts]):
    event_type: ClassVar[str] = "report_schedule.created"
    aggregate_type: ClassVar[str] = "report_schedule"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportScheduleUpdated(TypedEvent[ReportScheduleFacts]):
    event_type: ClassVar[str] = "report_schedule.updated"
    aggregate_type: ClassVar[str] = "report_schedule"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportScheduleDeleted(TypedEvent[ReportScheduleFacts]):
    event_type: ClassVar[str] = "report_schedule.deleted"
    aggregate_type: ClassVar[str] = "report_schedule"


@dataclass(slots=True, kw_only=True)
class ReportSchedule(AggregateRoot):
    id: UUID
    organization_id: UUID
    brand_id: UUID
    kind: str  # a report kind
    range_days: int  # the last N whole days before each run
    cadence: Cadence
    weekday: int | None  # weekly: Monday 0 .. Sunday 6; daily: None
    hour: int  # local hour of the brand's time zone
    time_zone: str  # the brand's, when the schedule was last written
    recipients: tuple[str, ...]
    webhook: bool = False  # also tell the organization's webhooks (report.ready)
    file_format: str = "csv"
    next_due_at: datetime
    claimed_until: datetime | None = None  # a scheduler's lease on the due run
    last_delivered_at: datetime | None = None
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self._check()

    @classmethod
    def create(cls, *, now: datetime, **fields: Any) -> ReportSchedule:
        schedule = cls(next_due_at=now, created_at=now, updated_at=now, **fields)
        schedule.next_due_at = schedule._after(now)
        schedule._record(ReportScheduleCreated, now, schedule._facts())
        return schedule

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        if expected_version is not None and expected_version != self.version:
            raise StaleVersion(f"the schedule is at version {self.version}, not {expected_version}")
        unknown = set(changes) - EDITABLE - {"time_zone"}
        if unknown:
            raise InvalidValue(f"cannot change {sorted(unknown)}", field=sorted(unknown)[0])
        for name, value in changes.items():
            setattr(self, name, value)
        self._check()
        self.next_due_at = self._after(now)
        self.claimed_until = None
        self._bump(now)
        self._record(ReportScheduleUpdated, now, self._facts())

    def delete(self, *, now: datetime, expected_version: int | None = None) -> None:
        """Record its deletion (the repository removes the row)."""
        if expected_version is not None and expected_version != self.version:
            raise StaleVersion(f"the schedule is at version {self.version}")
        self._record(ReportScheduleDeleted, now, self._facts(deleted=True))

    def _facts(self, *, deleted: bool = False) -> ReportScheduleFacts:
        return ReportScheduleFacts(
            brand_id=self.brand_id,
            kind=self.kind,
            range_days=self.range_days,
            cadence=self.cadence.value,
            weekday=self.weekday,
            hour=self.hour,
            time_zone=self.time_zone,
            file_format=self.file_format,
            recipients=len(self.recipients),
            webhook=self.webhook,
            next_due_at=None if deleted else self.next_due_at.isoformat(),
        )

    def delivered(self, due_at: datetime, *, now: datetime) -> None:
        """The run due at ``due_at`` was delivered: the next one is due after it and now."""
        self.last_delivered_at = now
        self.next_due_at = self._after(max(due_at, now))
        self.claimed_until = None
        self._bump(now)

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def _after(self, moment: datetime) -> datetime:
        return next_occurrence(
            moment, zone=self.zone(), cadence=self.cadence, weekday=self.weekday, hour=self.hour
        )

    def _check(self) -> None:
        if self.kind not in REPORT_KINDS:
            raise InvalidValue(f"kind is one of {', '.join(REPORT_KINDS)}", field="kind")
        if self.file_format not in FILE_FORMATS:
            raise InvalidValue("file_format is csv or xlsx", field="file_format")
        if not 1 <= self.range_days <= MAX_RANGE_DAYS:
            raise InvalidValue(f"range_days is 1 to {MAX_RANGE_DAYS}", field="range_days")
        if not 0 <= self.hour <= 23:
            raise InvalidValue("hour is 0 to 23 (local)", field="hour")
        self.cadence = Cadence(self.cadence)
        if (self.cadence is Cadence.WEEKLY) != (self.weekday is not None):
            raise InvalidValue(
                "a weekly schedule names its weekday, a daily one none", field="weekday"
            )
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise InvalidValue("weekday is 0 (Monday) to 6 (Sunday)", field="weekday")
        if not 1 <= len(self.recipients) <= MAX_RECIPIENTS and not self.webhook:
            raise InvalidValue(
                f"1 to {MAX_RECIPIENTS} recipients (or none with webhook delivery)",
                field="recipients",
            )
        if len(self.recipients) > MAX_RECIPIENTS:
            raise InvalidValue(f"at most {MAX_RECIPIENTS} recipients", field="recipients")
        self.recipients = tuple(
            dict.fromkeys(_email(address, i) for i, address in enumerate(self.recipients))
        )
        try:
            ZoneInfo(self.time_zone)
        except (ValueError, KeyError) as exc:
            raise InvalidValue("time_zone is an IANA zone", field="time_zone") from exc


def _email(address: str, index: int) -> str:
    try:
        return Email(address).value
    except InvalidValue:
        raise InvalidValue(
            f"{address!r} is not an email address", field=f"recipients[{index}]"
        ) from None
