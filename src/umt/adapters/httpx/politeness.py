"""A polite crawler's manners: robots.txt rules per host, and one request at a time per host
with the host's crawl-delay between the answer to one request and the start of the next.

Measuring the delay from the moment the previous answer began to arrive (its status line and
headers; the end of the request when none came), not from when the request was sent, makes
it hold at the server too: the server received request n before it answered it, so request
n+1, sent at least ``delay`` after that answer arrived, reaches the server at least
``delay`` after request n did, whatever the latency (bench/research_crawl.py checks it from
the fixture servers' logs).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from protego import Protego

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB


class Turn:
    """One request's turn at its host: ``answered()`` notes when its answer began to arrive."""

    __slots__ = ("_clock", "answered_at")

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.answered_at: float | None = None

    def answered(self) -> None:
        if self.answered_at is None:
            self.answered_at = self._clock()


@dataclass(slots=True)
class _Slot:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_end: float | None = None


class HostPacer:
    """One request at a time per host, each ``delay`` seconds after the previous one ended.

    ``clock`` and ``sleep`` are the seams a test replaces; they default to the event loop's
    monotonic clock and ``asyncio.sleep``.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._slots: dict[str, _Slot] = {}

    @asynccontextmanager
    async def turn(self, host: str, delay: float) -> AsyncIterator[Turn]:
        """Wait for ``host``'s turn (``delay`` after the answer to its last request began to
        arrive), hold it for the request made in the block, and note when its answer began
        (``Turn.answered``; the block's end when it was not called)."""
        slot = self._slots.setdefault(host, _Slot())
        async with slot.lock:
            if slot.last_end is not None:
                wait = slot.last_end + delay - self._clock()
                if wait > 0:
                    await self._sleep(wait)
            turn = Turn(self._clock)
            try:
                yield turn
            finally:
                slot.last_end = turn.answered_at if turn.answered_at is not None else self._clock()


class RobotsRules:
    """A host's robots.txt as it applies to one user agent (RFC 9309 and the crawl-delay
    extension). ``allow_all`` for a host without one, ``deny_all`` for one that could not be
    read (RFC 9309 section 2.3.1.4: an unreachable robots.txt means disallow everything)."""

    __slots__ = ("_agent", "_parsed", "_verdict")

    def __init__(self, parsed: Protego | None, agent: str, *, verdict: bool | None = None) -> None:
        self._parsed = parsed
        self._agent = agent
        self._verdict = verdict

    @classmethod
    def parse(cls, text: str, agent: str) -> RobotsRules:
        from protego import Protego  # only a crawl needs it

        return cls(Protego.parse(text), agent)

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls(None, "", verdict=True)

    @classmethod
    def deny_all(cls) -> RobotsRules:
        return cls(None, "", verdict=False)

    def allows(self, url: str) -> bool:
        if self._parsed is None:
            return bool(self._verdict)
        return bool(self._parsed.can_fetch(url, self._agent))

    def crawl_delay(self) -> float | None:
        """Seconds between two requests, from ``Crawl-delay`` or ``Request-rate``."""
        if self._parsed is None:
            return None
        delay = self._parsed.crawl_delay(self._agent)
        rate = self._parsed.request_rate(self._agent)
        candidates = [float(delay)] if delay is not None else []
        if rate is not None and rate.requests > 0:
            candidates.append(rate.seconds / rate.requests)
        return max(candidates) if candidates else None

    def sitemaps(self) -> list[str]:
        return list(self._parsed.sitemaps) if self._parsed is not None else []
