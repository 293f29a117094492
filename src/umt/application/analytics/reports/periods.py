"""A report's range of days (in the brand's time zone) and the previous period as long."""

from __future__ import annotations

from datetime import date, timedelta

from umt.application.analytics.dashboard import Period
from umt.application.shared.inputs import day_value
from umt.domain.shared.errors import InvalidValue

MAX_DAYS = 400
DEFAULT_DAYS = 28


def day_of(value: date | str | None, field: str) -> date | None:
    """A day given as a date or ISO text (an agent task's input is JSON), or None."""
    return None if value is None else day_value(value, field)


def periods(start: date | None, end: date | None, today: date) -> tuple[Period, Period]:
    """The range asked (default: the ``DEFAULT_DAYS`` days up to today) and the one before."""
    until = end or today
    since = start or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise InvalidValue("from is on or before to", field="from")
    if (until - since).days >= MAX_DAYS:
        raise InvalidValue(f"a report spans at most {MAX_DAYS} days", field="to")
    period = Period(since=since, until=until)
    previous = Period(since=since - timedelta(days=period.days), until=since - timedelta(days=1))
    return period, previous
