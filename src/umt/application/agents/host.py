"""Running agents in one process: the embedded default runs all five beside the API."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence

from umt.application.agents.worker import AgentWorker

log = logging.getLogger("umt.agents")


def new_instance_id() -> str:
    """Host, process and a random suffix: unique, and readable in the agents list."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class AgentHost:
    def __init__(self, workers: Sequence[AgentWorker]) -> None:
        self.workers = list(workers)

    async def start(self) -> None:
        for worker in self.workers:
            await worker.start()
        log.info("agents started", extra={"agents": [w.agent.name for w in self.workers]})

    async def stop(self, *, grace_seconds: float = 30.0) -> None:
        await asyncio.gather(*(w.stop(grace_seconds=grace_seconds) for w in self.workers))

    async def wait_stopped(self) -> None:
        """Returns once every worker was stopped (by a system message or a fatal error)."""
        await asyncio.gather(*(w.stopped.wait() for w in self.workers))


WorkerFactory = Callable[[str], AgentWorker]
