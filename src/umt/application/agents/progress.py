"""How far a long task has come, reported on its job while it runs.

The task executor sets the job a task runs for (``running_job``) around the handler; a
handler that does long work declares ``job_progress: JobProgress`` and reports as it
goes. Reports are written at most every ``interval_seconds`` (and the first one at once), so
a crawl of a thousand pages writes a few dozen times, not a thousand; a task run without a
job (a direct call, an event) reports to nobody. Reporting never fails the task: a store
that is down loses the report, not the work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from uuid import UUID

from umt.ports.clock import Clock
from umt.ports.errors import StorageUnavailable
from umt.ports.job_store import JobStore

log = logging.getLogger("umt.agents")
_RUNNING_JOB: ContextVar[UUID | None] = ContextVar("umt_running_job", default=None)


@contextmanager
def running_job(job_id: UUID | None) -> Iterator[None]:
    """Within the block, reports go to ``job_id``'s job (None: to no job)."""
    token = _RUNNING_JOB.set(job_id)
    try:
        yield
    finally:
        _RUNNING_JOB.reset(token)


class JobProgress:
    def __init__(self, store: JobStore, clock: Clock, *, interval_seconds: float = 1.0) -> None:
        self._store = store
        self._clock = clock
        self._interval = interval_seconds
        self._last: dict[UUID, float] = {}

    async def report(
        self, *, done: int, total: int | None, stage: str = "", final: bool = False, **counts: Any
    ) -> None:
        """The current job's progress: ``done`` of ``total`` (None: not known yet) in
        ``stage``, with the task's counts. ``final`` writes even within the interval."""
        job_id = _RUNNING_JOB.get()
        if job_id is None:
            return
        now = time.monotonic()
        last = self._last.get(job_id)
        if not final and last is not None and now - last < self._interval:
            return
        self._last[job_id] = now
        if final:
            self._last.pop(job_id, None)
        progress = {"done": done, "total": total, "stage": stage, **counts}
        try:
            await self._store.report_progress(job_id, progress, self._clock.now())
        except StorageUnavailable:
            log.warning("could not record the progress of job %s", job_id)
