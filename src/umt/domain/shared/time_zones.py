"""IANA time zones as values: a name ``zoneinfo`` knows, or ``InvalidValue``."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from umt.domain.shared.errors import InvalidValue

MAX_ZONE_NAME = 64


def require_time_zone(value: str, *, field: str = "time_zone") -> str:
    """``value`` if it names an IANA zone (``Europe/Berlin``, ``UTC``); else ``InvalidValue``."""
    if not isinstance(value, str) or not value or len(value) > MAX_ZONE_NAME:
        raise InvalidValue(f"{value!r} is not an IANA time zone", field=field)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(f"{value!r} is not an IANA time zone", field=field) from None
    return value
