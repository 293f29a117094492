"""The upkeep of the raw metric samples' storage, a background loop of the content-strategy
agent (``sample-maintenance``): partitions made ahead for the coming months (PostgreSQL), the
samples caught by the DEFAULT partition given a month of their own, and the raw samples of
whole months past the retention dropped. The rollups are never touched: dashboards and reports
read them, and late samples need only the raw samples inside the late-data window.

Safe with several instances: on PostgreSQL each tick's work holds a transaction-scoped advisory
lock; elsewhere it is idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from umt.application.analytics.config import AnalyticsConfig
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MaintenanceOutcome:
    created: list[str]  # the partitions made
    dropped: int  # the months of raw samples dropped (PostgreSQL partitions)


class SampleMaintenance:
    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], *, clock: Clock, config: AnalyticsConfig
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._config = config

    async def tick(self) -> MaintenanceOutcome:
        now = self._clock.now()
        dropped = 0
        async with self._uow_factory() as uow:
            created = await uow.sample_partitions.prepare(
                now=now, months_ahead=self._config.partitions_ahead
            )
            if self._config.retention_days:
                cutoff = now - timedelta(days=self._config.retention_days)
                dropped = await uow.sample_partitions.drop_before(cutoff)
            await uow.commit()
        if created or dropped:
            log.info(
                "metric sample storage kept up",
                extra={"partitions_created": created, "months_dropped": dropped},
            )
        return MaintenanceOutcome(created=created, dropped=dropped)

    async def run(self, stop: asyncio.Event, *, interval_seconds: float) -> None:
        """Tick now and every ``interval_seconds`` until ``stop`` is set; a failed tick is
        logged and retried at the next one."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("metric sample maintenance failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval_seconds):
                    await stop.wait()


async def run_sample_maintenance(
    stop: asyncio.Event, *, sample_maintenance: SampleMaintenance, sample_maintenance_seconds: float
) -> None:
    """The analytics context's background loop."""
    await sample_maintenance.run(stop, interval_seconds=sample_maintenance_seconds)
