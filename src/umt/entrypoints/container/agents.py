"""The agent workers of a process, built on the container's adapters."""

from __future__ import annotations

from collections.abc import Sequence

from umt.application.agents.catalogue import AGENTS
from umt.application.agents.execution import TaskExecutor
from umt.application.agents.host import AgentHost
from umt.application.agents.worker import AgentWorker
from umt.entrypoints.container.root import Container
from umt.entrypoints.settings import Settings


def agent_host(
    container: Container, names: Sequence[str] | None = None, *, concurrency: int | None = None
) -> AgentHost:
    """Workers for the named agents (all five by default), sharing this process's adapters."""
    settings: Settings = container.settings()
    workers = []
    for name in names or list(AGENTS):
        agent = AGENTS[name]
        executor = TaskExecutor(
            agent,
            container.bus(),
            idempotency=container.idempotency_store(),
            inbox=container.message_inbox(),
            jobs=container.job_store(),
            clock=container.clock(),
            result_ttl_seconds=settings.cache.idempotency_ttl_seconds,
        )
        workers.append(
            AgentWorker(
                agent,
                container.broker(),
                executor,
                services=container.services(),
                uow_factory=container.unit_of_work_factory(),
                clock=container.clock(),
                ids=container.ids(),
                jobs=container.job_store(),
                instance_id=container.instance_id(),
                concurrency=concurrency or settings.broker.agent_concurrency,
                heartbeat_seconds=settings.broker.heartbeat_seconds,
                tracer=container.tracer(),
                observer=container.metrics().observe_task,
                loop_beats=container.loop_beats(),
            )
        )
    return AgentHost(workers)
