"""A circuit breaker for asyncio, built on pybreaker's state machine.

Why pybreaker, and why not its own async and Redis support: pybreaker gives the tested
closed → open → half-open → closed machine, failure and success counting, success thresholds
and state-change listeners. Its async path (``call_async``) needs Tornado, and its
``CircuitRedisStorage`` makes a *synchronous* Redis round trip on every state read, i.e. on
every call: that would block the event loop on each request, and hang it when Redis hangs.
So this module keeps pybreaker's machine on a local, in-memory storage and:

- drives it from asyncio: ``admit()`` before the call decides (without awaiting anything)
  whether the call may go ahead, ``record()`` after it feeds the outcome to pybreaker;
- reads time from an injected monotonic clock (tests use a fake one), not from the wall
  clock pybreaker would use;
- lets one trial call through at a time when half-open (pybreaker would let every
  concurrent caller through, each waiting for a connect timeout against a dead server);
- mirrors open/closed to the other instances through ``SharedBreakerState`` (Redis, with the
  async client, in background tasks, read at most every ``sync_interval`` seconds); see
  shared_state.py.

Only outages count as failures (``outages.is_outage``): a NotFound or a Conflict means the
dependency answered. A cancelled call counts as nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn, Protocol, TypeVar

from umt.adapters.imports import hiding
from umt.adapters.resilience.outages import is_outage
from umt.ports.errors import DependencyUnavailable, StorageUnavailable

# pybreaker imports redis (13 MiB resident, with the OpenTelemetry metrics SDK it loads) for a
# synchronous storage umt never uses (shared_state.py is the async one). A process with
# UMT_REDIS_URL imports redis itself; pybreaker then simply lacks the storage class nobody calls.
with hiding("redis"):
    import pybreaker

T = TypeVar("T")
Clock = Callable[[], float]
log = logging.getLogger("umt.resilience")

CLOSED = pybreaker.STATE_CLOSED
OPEN = pybreaker.STATE_OPEN
HALF_OPEN = pybreaker.STATE_HALF_OPEN


class SharedBreakerState(Protocol):
    """Where instances publish and read a breaker's open state (Redis, in shared_state.py)."""

    async def publish_open(self, name: str, *, seconds: float) -> None:
        """The breaker is open for ``seconds`` from now."""
        ...

    async def publish_closed(self, name: str) -> None: ...

    async def open_remaining(self, name: str) -> float | None:
        """Seconds the shared breaker stays open, or None when it is not open."""
        ...


@dataclass(frozen=True, slots=True)
class BreakerConfig:
    failure_threshold: int = 5  # consecutive outages that open the breaker
    reset_seconds: float = 10.0  # how long it stays open before one trial call
    sync_interval: float = 0.25  # read shared state at most this often (seconds)


@dataclass(frozen=True, slots=True)
class Ticket:
    """A call the breaker admitted; its outcome counts only in the state it was admitted in."""

    generation: int
    probe: bool


class _ClockedStorage(pybreaker.CircuitMemoryStorage):
    """pybreaker's memory storage, remembering when it opened on our monotonic clock too."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(CLOSED)
        self._clock = clock
        self._opened_wall: datetime | None = None
        self.opened_monotonic = 0.0

    @property
    def opened_at(self) -> datetime | None:
        return self._opened_wall

    @opened_at.setter
    def opened_at(self, datetime: datetime) -> None:  # pybreaker's name
        self._opened_wall = datetime
        self.opened_monotonic = self._clock()


class _Transitions(pybreaker.CircuitBreakerListener):
    def __init__(self, breaker: Breaker) -> None:
        self._breaker = breaker

    def state_change(
        self,
        cb: pybreaker.CircuitBreaker,
        old_state: pybreaker.CircuitBreakerState | None,
        new_state: pybreaker.CircuitBreakerState,
    ) -> None:
        self._breaker._changed(old_state.name if old_state else None, new_state.name)


def _fail(exc: BaseException) -> NoReturn:
    raise exc


def _succeed() -> None:
    return None


class Breaker:
    """One dependency's circuit breaker (``name``: ``database``, ``redis``, ``broker``…)."""

    def __init__(
        self,
        name: str,
        config: BreakerConfig | None = None,
        *,
        clock: Clock = time.monotonic,
        shared: SharedBreakerState | None = None,
        is_failure: Callable[[BaseException], bool] = is_outage,
    ) -> None:
        self.name = name
        self.config = config or BreakerConfig()
        self._clock = clock
        self._shared = shared
        self._is_failure = is_failure
        self._storage = _ClockedStorage(clock)
        self._generation = 0
        self._probing = False
        self._applying_remote = False
        self._mirrored = False  # our open state is known to the shared store
        self._last_sync = -math.inf
        self._tasks: set[asyncio.Task[None]] = set()
        self._cb = pybreaker.CircuitBreaker(
            fail_max=self.config.failure_threshold,
            reset_timeout=self.config.reset_seconds,
            state_storage=self._storage,
            listeners=[_Transitions(self)],
            name=name,
            throw_new_error_on_trip=False,
        )

    # -- state ----------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half-open`` (open past its reset time still says open)."""
        return self._storage.state

    def retry_after(self) -> int:
        """Whole seconds until a trial call may go through (at least 1)."""
        if self.state != OPEN:
            return 1
        remaining = self._storage.opened_monotonic + self.config.reset_seconds - self._clock()
        return max(1, math.ceil(remaining))

    # -- calls ----------------------------------------------------------------------------------

    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """Run ``operation`` if the breaker admits it, and count its outcome.

        Raises ``DependencyUnavailable`` at once while open. An outage that is a raw
        ``OSError`` is re-raised as ``StorageUnavailable`` so callers only see port errors.
        """
        ticket = self.admit()
        try:
            result = await operation()
        except BaseException as exc:
            self.record(ticket, exc)
            if isinstance(exc, StorageUnavailable) or not self._is_failure(exc):
                raise
            raise StorageUnavailable(f"{self.name} is unavailable: {type(exc).__name__}") from exc
        self.record(ticket, None)
        return result

    def admit(self) -> Ticket:
        """Let a call through, or raise ``DependencyUnavailable`` without waiting for anything."""
        self._maybe_sync()
        state = self._storage.state
        if state == CLOSED:
            return Ticket(self._generation, probe=False)
        if state == OPEN:
            if self._clock() < self._storage.opened_monotonic + self.config.reset_seconds:
                raise DependencyUnavailable(self.name, retry_after_seconds=self.retry_after())
            self._cb.half_open()  # the reset time is over: this call is the trial
        if self._probing:
            raise DependencyUnavailable(self.name, retry_after_seconds=1)
        self._probing = True
        return Ticket(self._generation, probe=True)

    def record(self, ticket: Ticket, outcome: BaseException | None) -> None:
        """Count the outcome of an admitted call: ``None`` for success, else its error."""
        if ticket.probe:
            self._probing = False
        elif outcome is None and self._storage.counter == 0 and self._storage.state == CLOSED:
            # nothing for pybreaker to do (it would reset a counter that is already zero),
            # and this is nearly every call: skip its lock and listener loop
            return
        if outcome is not None and not isinstance(outcome, Exception):
            return  # cancelled or interrupted: says nothing about the dependency
        if ticket.generation != self._generation or self._storage.state == OPEN:
            return  # admitted before the last state change: stale evidence
        failed = outcome is not None and self._is_failure(outcome)
        # pybreaker re-raises the failure we fed it; its state is what we are after
        with contextlib.suppress(Exception):
            self._cb.call(_fail, outcome) if failed else self._cb.call(_succeed)

    # -- transitions and shared state -----------------------------------------------------------

    def _changed(self, old: str | None, new: str) -> None:
        self._generation += 1
        if new == OPEN:
            log.warning(
                "circuit breaker opened",
                extra={"breaker": self.name, "reset_seconds": self.config.reset_seconds},
            )
        elif new == CLOSED:
            log.info("circuit breaker closed", extra={"breaker": self.name, "was": old})
        if self._applying_remote or self._shared is None:
            return
        if new == OPEN:
            self._mirrored = False
            self._spawn(self._publish_open())
        elif new == CLOSED:
            self._spawn(self._publish_closed())

    def _maybe_sync(self) -> None:
        if self._shared is None:
            return
        now = self._clock()
        if now - self._last_sync < self.config.sync_interval:
            return
        self._last_sync = now
        self._spawn(self._sync())

    def _spawn(self, work: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _publish_open(self) -> None:
        assert self._shared is not None  # noqa: S101  # only spawned with a shared store
        try:
            await self._shared.publish_open(self.name, seconds=self.config.reset_seconds)
            self._mirrored = True
        except Exception:  # shared state is best effort: the local breaker still works
            log.debug("could not publish breaker state", exc_info=True)

    async def _publish_closed(self) -> None:
        assert self._shared is not None  # noqa: S101  # only spawned with a shared store
        try:
            await self._shared.publish_closed(self.name)
        except Exception:
            log.debug("could not publish breaker state", exc_info=True)

    async def _sync(self) -> None:
        assert self._shared is not None  # noqa: S101  # only spawned with a shared store
        try:
            remaining = await self._shared.open_remaining(self.name)
        except Exception:
            log.debug("could not read shared breaker state", exc_info=True)
            return
        self.apply_shared(remaining)

    def apply_shared(self, remaining: float | None) -> None:
        """Follow the shared state: another instance opened the breaker (``remaining`` > 0
        seconds), or the shared open state went away (closed, or expired) while ours was
        mirrored there, in which case one trial call decides."""
        state = self._storage.state
        self._applying_remote = True
        try:
            if remaining is not None and remaining > 0:
                if state != OPEN:
                    self._cb.open()
                    self._mirrored = True
                    elapsed = self.config.reset_seconds - remaining
                    self._storage.opened_monotonic = self._clock() - max(0.0, elapsed)
            elif state == OPEN and self._mirrored:
                self._cb.half_open()
        finally:
            self._applying_remote = False

    async def close(self) -> None:
        """Wait for pending publications (bounded), then drop the rest."""
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=1.0)
            for task in pending:
                task.cancel()


class Breakers:
    """The breakers of one process, by dependency name, sharing a config and shared store."""

    def __init__(
        self,
        config: BreakerConfig,
        *,
        shared: SharedBreakerState | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self.config = config
        self._shared = shared
        self._clock = clock
        self._breakers: dict[str, Breaker] = {}

    def get(self, name: str, *, is_failure: Callable[[BaseException], bool] = is_outage) -> Breaker:
        """The breaker named ``name``, created on first use."""
        breaker = self._breakers.get(name)
        if breaker is None:
            breaker = Breaker(
                name, self.config, clock=self._clock, shared=self._shared, is_failure=is_failure
            )
            self._breakers[name] = breaker
        return breaker

    def find(self, name: str) -> Breaker | None:
        return self._breakers.get(name)

    def states(self) -> dict[str, str]:
        return {name: breaker.state for name, breaker in sorted(self._breakers.items())}

    async def close(self) -> None:
        for breaker in self._breakers.values():
            await breaker.close()
