"""Clock adapters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from umt.ports.clock import Clock


class SystemClock(Clock):
    """The machine's clock, in UTC, truncated to microseconds (what every database keeps)."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock(Clock):
    """A clock that stands still until moved; for tests and simulations."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta
