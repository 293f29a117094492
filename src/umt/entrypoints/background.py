"""Long-running loops a process runs beside its main work: the outbox relay and the
integration scheduler."""

from __future__ import annotations

import asyncio
import contextlib

from umt.application.integration.scheduler import IntegrationScheduler
from umt.application.messaging.outbox_relay import OutboxRelay


class RelayLoop:
    """The outbox relay as a background task, started and stopped with its process."""

    def __init__(self, relay: OutboxRelay | None) -> None:
        self._relay = relay
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._relay is not None:
            self._task = asyncio.create_task(self._relay.run(self._stop), name="outbox-relay")

    async def stop(self, grace_seconds: float = 10.0) -> None:
        if self._task is None:
            return
        self._stop.set()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace_seconds):
                await asyncio.shield(self._task)
        if not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None


class SchedulerLoop:
    """The integration scheduler (token refresh and health checks) as a background task, in
    every process that runs the auth-integration agent; safe with several at once."""

    def __init__(self, scheduler: IntegrationScheduler | None, interval_seconds: float) -> None:
        self._scheduler = scheduler
        self._interval = interval_seconds
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._scheduler is not None:
            self._task = asyncio.create_task(
                self._scheduler.run(self._stop, interval_seconds=self._interval),
                name="integration-scheduler",
            )

    async def stop(self) -> None:
        if self._task is None:
            return
        self._stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
