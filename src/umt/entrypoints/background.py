"""Long-running loops a process runs beside its main work: the outbox relay, and the loops the
bounded contexts declare in their modules (the webhook sender, the integration scheduler, ...),
each in the processes that run its agent."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from typing import Any

from umt.application.context_module import loops_of
from umt.application.dependencies import bind_dependencies
from umt.application.messaging.outbox_relay import OutboxRelay
from umt.application.modules import MODULES


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
    """Any ``run(stop)`` loop (a context's declared loop) as a background task of its process."""

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


class ProvidedByName(Mapping[str, Any]):
    """The container's providers by attribute name, each built only when a loop declares it
    (so a process builds what its loops use, nothing more)."""

    def __init__(self, container: Any) -> None:
        self._container = container

    def __getitem__(self, name: str) -> Any:
        provider = getattr(self._container, name, None) if not name.startswith("_") else None
        if provider is None or not callable(provider):
            raise KeyError(name)
        return provider()

    def __iter__(self) -> Iterator[str]:
        return iter(self._container.providers)

    def __len__(self) -> int:
        return len(self._container.providers)


def context_loops(container: Any, agents: Iterable[str]) -> list[LoopTask]:
    """The background loops the bounded contexts declare for the agents this process runs,
    their collaborators bound from the container (``MissingDependency`` now, at start-up, for
    one the container does not provide)."""
    available = ProvidedByName(container)
    return [
        LoopTask(loop.name, bind_dependencies(loop.run, available))
        for loop in loops_of(MODULES, agents)
    ]
