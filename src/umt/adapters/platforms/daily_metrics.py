"""The day cursor the ad platforms' metric sync shares (Meta insights, Google Ads reports).

Both report one row per ad and day of the account's time zone. The cursor is the first day to
read next time (``YYYY-MM-DD``): a sync reads from it to today and hands back
``today - LOOKBACK_DAYS + 1``, because conversions keep being attributed to recent days. A
reading is that day's total as the platform reports it, observed at the end of the day in the
account's zone (now, for today), so re-reading a closed day gives the same sample key.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from umt.domain.shared.errors import InvalidValue

INITIAL_DAYS = 28  # the first sync reads four weeks
LOOKBACK_DAYS = 3  # days re-read on every sync


def first_day(cursor: str | None, today: date) -> date:
    """The first day to read: the cursor's, or ``INITIAL_DAYS`` back on the first sync."""
    if cursor is None:
        return today - timedelta(days=INITIAL_DAYS - 1)
    try:
        return min(date.fromisoformat(cursor), today)
    except ValueError:
        raise InvalidValue(f"{cursor!r} is not a metrics cursor", field="cursor") from None


def next_cursor(since: date, today: date) -> str:
    return max(since, today - timedelta(days=LOOKBACK_DAYS - 1)).isoformat()


def observed(day: date, zone: ZoneInfo, now: datetime) -> datetime:
    """The end of ``day`` in the account's zone, in UTC; ``now`` for a day not over yet."""
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    return min(end, now.astimezone(UTC))
