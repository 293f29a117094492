"""When a publication goes out: an instant in UTC and the wall time it was planned at.

A person plans "09:00 in Europe/Berlin"; the scheduler needs the instant. Both are kept, so the
calendar shows what was planned and a recurring schedule can expand the next 09:00 with
``zoneinfo`` (09:00 local stays 09:00 across daylight-saving changes, the UTC instant moves).

A wall time that does not exist in the zone (the hour skipped when clocks go forward) is
refused; one that happens twice (the hour repeated when they go back) is its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from umt.domain.publishing.publication_errors import PublicationInvalid
from umt.domain.shared.time_zones import require_time_zone


@dataclass(frozen=True, slots=True)
class PlannedTime:
    due_at: datetime  # aware, UTC
    time_zone: str  # the IANA zone it was planned in
    local_time: datetime  # naive: the wall time in ``time_zone``

    def __post_init__(self) -> None:
        require_time_zone(self.time_zone)
        if self.due_at.tzinfo is None:
            raise PublicationInvalid("the due time needs a time zone", field="at")
        if self.local_time.tzinfo is not None:
            raise PublicationInvalid("the local time is a wall time, without zone", field="at")
        object.__setattr__(self, "due_at", self.due_at.astimezone(UTC))

    @classmethod
    def at_local(cls, wall: datetime, time_zone: str) -> PlannedTime:
        """The instant of the wall time ``wall`` (naive) in ``time_zone``."""
        zone = ZoneInfo(require_time_zone(time_zone))
        if wall.tzinfo is not None:
            raise PublicationInvalid("a local time is given without an offset", field="at")
        instant = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) != wall:
            raise PublicationInvalid(
                f"{wall.isoformat()} does not exist in {time_zone}"
                " (the clocks skip it when they go forward)",
                field="at",
            )
        return cls(instant, time_zone, wall)

    @classmethod
    def at_instant(cls, instant: datetime, time_zone: str = "UTC") -> PlannedTime:
        """``instant`` (aware), shown as the wall time of ``time_zone``."""
        zone = ZoneInfo(require_time_zone(time_zone))
        if instant.tzinfo is None:
            raise PublicationInvalid("an instant needs a UTC offset", field="at")
        return cls(
            instant.astimezone(UTC), time_zone, instant.astimezone(zone).replace(tzinfo=None)
        )
