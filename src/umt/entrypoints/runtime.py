"""What runs beside the main work of an API or library process: the agents (on the embedded
default), the agents list fed by heartbeats, the outbox relay, and the background loops the
contexts declare for the agents running here. ``umt serve --no-agents`` runs none of them but
the agents list: the API alone (see ``processes.py`` for the processes that run the rest)."""

from __future__ import annotations

from umt.application.agents.directory import AgentDirectory
from umt.application.agents.host import AgentHost
from umt.application.agents.worker import HEARTBEAT_EVENT
from umt.entrypoints.background import LoopTask, RelayLoop, context_loops
from umt.entrypoints.container import Container, agent_host
from umt.entrypoints.observability.metrics import Metrics
from umt.entrypoints.observability.process import watch_process
from umt.entrypoints.schema import SchemaGate, schema_check
from umt.entrypoints.settings import Settings
from umt.ports.message_broker import Subscription


class ProcessRuntime:
    """Started after the container's resources, stopped before them."""

    def __init__(self, container: Container) -> None:
        self._container = container
        self._settings: Settings = container.settings()
        self.directory: AgentDirectory = container.agent_directory()
        self.host = AgentHost([])
        self.metrics: Metrics | None = None
        self._heartbeats: Subscription | None = None
        self._relay = RelayLoop(None)
        self._loops: list[LoopTask] = []
        self._gate = SchemaGate(None)

    async def start(self) -> None:
        container, settings = self._container, self._settings
        self._heartbeats = await container.broker().listen(
            [HEARTBEAT_EVENT], self.directory.on_heartbeat
        )
        # the embedded default: the agents run here, on the in-process broker
        if settings.broker.serves_agents_in_process:
            self.host = agent_host(container)
        await self.host.start()
        self.metrics = watch_process(container, self.host.workers)
        self.metrics.sources.directory = self.directory  # it hears the heartbeats here
        self._relay = RelayLoop(
            container.outbox_relay() if settings.broker.run_outbox_relay else None
        )
        # each context's loops go with its agent (here when the agents are), unless
        # `umt scheduler` runs them (UMT_RUN_BACKGROUND_LOOPS=false)
        running = [w.agent.name for w in self.host.workers]
        self._loops = context_loops(
            container, running if settings.broker.run_background_loops else ()
        )
        # the loops poll the database: on one with no schema they would only retry errors
        self._gate = SchemaGate(schema_check(container))
        await self._gate.open(self._start_loops)

    def _start_loops(self) -> None:
        self._relay.start()
        for loop in self._loops:
            loop.start()

    async def stop(self) -> None:
        await self._gate.close()
        await self.host.stop(grace_seconds=self._settings.broker.shutdown_grace_seconds)
        await self._relay.stop()
        for loop in self._loops:
            await loop.stop()
        if self._heartbeats is not None:
            await self._heartbeats.stop()
            self._heartbeats = None
