"""The rollup refresh, a background loop of the content-strategy agent (``rollup-refresh``):
where the metric sink defers the daily buckets of what it stored (PostgreSQL), the loop
rebuilds them shortly after, set-based, a bounded number of the write's notes per transaction.

Safe with several instances: on PostgreSQL one refresh runs at a time (a transaction-scoped
advisory lock; the others find nothing to do). Where the sink rolls up as it writes (memory,
SQLite) every tick finds nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from umt.application.analytics.config import AnalyticsConfig
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class RollupRefresh:
    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], *, clock: Clock, config: AnalyticsConfig
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._config = config

    async def tick(self) -> int:
        """One refresh transaction: how many of the writes' notes it took."""
        async with self._uow_factory() as uow:
            taken = await uow.metric_samples.refresh_rollups(
                window=self._config.window(self._clock.now()),
                limit=self._config.rollup_refresh_batch,
            )
            await uow.commit()
        return taken

    async def catch_up(self) -> int:
        """Refresh until nothing waits (what a test, a benchmark or an operator calls to see
        the rollups current); how many notes were taken in all."""
        total = 0
        while taken := await self.tick():
            total += taken
        return total

    async def run(self, stop: asyncio.Event, *, interval_seconds: float) -> None:
        """Refresh every ``interval_seconds`` until ``stop`` is set, at once again while a
        tick takes a full batch (a backlog); a failed tick is logged and retried later."""
        while not stop.is_set():
            taken = 0
            try:
                taken = await self.tick()
            except Exception:
                log.exception("metric rollup refresh failed")
            if taken >= self._config.rollup_refresh_batch:
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval_seconds):
                    await stop.wait()


async def run_rollup_refresh(
    stop: asyncio.Event, *, rollup_refresh: RollupRefresh, rollup_refresh_seconds: float
) -> None:
    """The analytics context's loop that keeps the deferred rollups current."""
    await rollup_refresh.run(stop, interval_seconds=rollup_refresh_seconds)
