"""``asyncio.timeout`` for many short tasks, without a timer per task.

``asyncio.timeout(seconds)`` schedules a TimerHandle on entry and cancels it on exit, through
an ``asyncio.Timeout`` object and its coroutine methods. A task that takes microseconds still
pays for all of it: about 6 µs of a worker's 38 µs per no-op task on the in-process broker.

Here each task records its deadline and nothing else. One watchdog task per loop, awake only
while deadlines are pending, schedules the timer of every deadline that falls within the next
``horizon`` seconds, so a task that runs that long is cancelled at the same instant and in
the same way as under ``asyncio.timeout`` (TimeoutError out of the block, a cancellation from
elsewhere left alone); tasks that finish sooner never get a timer. Deadlines within the
horizon are scheduled at once.
"""

from __future__ import annotations

import asyncio
from types import TracebackType

HORIZON_SECONDS = 0.5


class Deadlines:
    def __init__(self, *, horizon: float = HORIZON_SECONDS) -> None:
        self._horizon = horizon
        self._pending: dict[Deadline, float] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._watchdog: asyncio.Task[None] | None = None

    def within(self, seconds: float) -> Deadline:
        """``async with deadlines.within(s):`` behaves as ``async with asyncio.timeout(s):``."""
        return Deadline(self, seconds)

    def _arm(self, deadline: Deadline, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (tests, a restarted runner): start over
            self._loop, self._pending, self._watchdog = loop, {}, None
        when = loop.time() + seconds
        if seconds <= self._horizon:
            deadline.schedule(loop, when)
            return
        self._pending[deadline] = when
        if self._watchdog is None:
            self._watchdog = loop.create_task(self._watch())

    def _disarm(self, deadline: Deadline) -> None:
        self._pending.pop(deadline, None)

    async def _watch(self) -> None:
        pending = self._pending
        try:
            while pending:
                # awake twice per horizon: a deadline is scheduled before it falls due
                await asyncio.sleep(self._horizon / 2)
                loop = asyncio.get_running_loop()
                soon = loop.time() + self._horizon
                for deadline, when in [(d, w) for d, w in pending.items() if w <= soon]:
                    del pending[deadline]
                    deadline.schedule(loop, when)
        finally:
            if self._watchdog is asyncio.current_task():
                self._watchdog = None


class Deadline:
    """One task's deadline: asyncio.Timeout's enter, expiry and exit, minus the early timer."""

    __slots__ = ("_cancelling", "_deadlines", "_expired", "_handle", "_seconds", "_task")

    def __init__(self, deadlines: Deadlines, seconds: float) -> None:
        self._deadlines = deadlines
        self._seconds = seconds
        self._handle: asyncio.TimerHandle | None = None
        self._expired = False

    def expired(self) -> bool:
        return self._expired

    def schedule(self, loop: asyncio.AbstractEventLoop, when: float) -> None:
        self._handle = loop.call_at(when, self._on_timeout)

    def _on_timeout(self) -> None:
        self._handle = None
        self._expired = True
        self._task.cancel()

    async def __aenter__(self) -> Deadline:
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a deadline is used inside a task")
        self._task = task
        self._cancelling = task.cancelling()
        self._deadlines._arm(self, self._seconds)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._deadlines._disarm(self)
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        # as asyncio.Timeout: our cancellation becomes TimeoutError, unless another one came
        if (
            self._expired
            and self._task.uncancel() <= self._cancelling
            and exc_type is asyncio.CancelledError
        ):
            raise TimeoutError from exc
