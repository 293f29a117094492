"""Reading when a publication goes out: an instant with an offset (``at``), or a wall time in
an IANA zone (``local_time`` + ``time_zone``); the channel account's zone is the default."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication_errors import PublicationInvalid
from umt.domain.publishing.publication_status import MAX_GRACE, MissedPolicy
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.time_zones import require_time_zone


def _timestamp(value: datetime | str, field: str) -> datetime:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidValue(f"{field} must be an ISO 8601 timestamp", field=field) from None


def planned_time(
    *,
    at: datetime | str | None,
    local_time: datetime | str | None,
    time_zone: str | None,
    default_zone: str,
    prefix: str = "",
) -> PlannedTime:
    """The plan from exactly one of ``at`` (with its offset) and ``local_time`` (a wall time,
    read in ``time_zone`` or else ``default_zone``)."""
    if (at is None) == (local_time is None):
        raise InvalidValue("give either at or local_time", field=f"{prefix}at")
    zone = require_time_zone(time_zone or default_zone, field=f"{prefix}time_zone")
    try:
        if at is not None:
            instant = _timestamp(at, f"{prefix}at")
            if instant.tzinfo is None:
                raise InvalidValue(
                    "at needs a UTC offset (or give local_time and time_zone)", field=f"{prefix}at"
                )
            return PlannedTime.at_instant(instant, zone)
        assert local_time is not None  # noqa: S101  # one of the two, checked above
        wall = _timestamp(local_time, f"{prefix}local_time")
        if wall.tzinfo is not None:
            raise InvalidValue(
                "local_time is a wall time without offset", field=f"{prefix}local_time"
            )
        return PlannedTime.at_local(wall, zone)
    except PublicationInvalid as exc:
        raise PublicationInvalid(exc.message, field=f"{prefix}{exc.field or 'at'}") from None


def grace_of(seconds: int | None, prefix: str = "") -> timedelta | None:
    """The grace window from seconds (None: the default)."""
    if seconds is None:
        return None
    if not isinstance(seconds, int) or not 0 <= seconds <= MAX_GRACE.total_seconds():
        raise InvalidValue(
            "grace_seconds lies between 0 and 604800 (7 days)", field=f"{prefix}grace_seconds"
        )
    return timedelta(seconds=seconds)


def missed_policy_of(value: str | None, prefix: str = "") -> MissedPolicy | None:
    if value is None:
        return None
    try:
        return MissedPolicy(value)
    except ValueError:
        allowed = ", ".join(p.value for p in MissedPolicy)
        raise InvalidValue(
            f"missed_policy is one of: {allowed}", field=f"{prefix}missed_policy"
        ) from None


def uuid_of(value: object, field: str) -> UUID:
    """A UUID from a UUID or its text (JSON bodies and task payloads carry strings)."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidValue(f"{field} is not a UUID", field=field) from None
