"""Long-running loops a process runs beside its main work: the outbox relay, the webhook
sender and the integration scheduler."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

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


class LoopTask:
    """Any ``run(stop)`` loop (the webhook sender) as a background task of its process."""

    def __init__(self, name: str, run: Callable[[asyncio.Event], Awaitable[None]] | None) -> None:
        self._name = name
        self._run = run
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._run is not None:
            self._task = asyncio.ensure_future(self._run(self._stop))
            self._task.set_name(self._name)

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


def webhook_sender_loop(container: Any, *, wanted: bool) -> LoopTask:
    """The webhook sender, where this process runs the auth-integration agent."""
    settings = container.settings()
    if not (wanted and settings.webhooks.run_sender):
        return LoopTask("webhook-sender", None)
    return LoopTask("webhook-sender", container.webhook_dispatcher().run)


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
