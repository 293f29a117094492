"""The long-running commands beside ``umt serve``, each a process of its own that can be a
container and scaled alone (docs/operations.md, "The processes"):

- ``umt worker --agent NAME``: the agent's workers, and (unless ``UMT_RUN_BACKGROUND_LOOPS``
  is false) the background loops of its contexts, and (unless ``UMT_RUN_OUTBOX_RELAY`` is
  false) an outbox relay;
- ``umt relay``: the outbox relay alone;
- ``umt scheduler``: every context's background loops alone (the integration scheduler, the
  publication ticker, the webhook sender, the analytics loops...), for every agent.

Each serves ``/health/live``, ``/health/ready`` and ``/metrics`` on its probe port
(``--probe-port``, ``UMT_PROBE_PORT``). SIGTERM (or SIGINT) stops it gracefully: no new
deliveries, in-flight work and loop turns finish within the grace period, then the
connections close.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from umt.application.agents.catalogue import AGENTS
from umt.application.agents.host import AgentHost
from umt.entrypoints.background import RelayLoop, context_loops
from umt.entrypoints.container import agent_host, build_container, start_resources, stop_resources
from umt.entrypoints.logging import configure_logging
from umt.entrypoints.observability.probes import probe_server
from umt.entrypoints.observability.process import watch_process
from umt.entrypoints.readiness import check_readiness
from umt.entrypoints.schema import SchemaGate, schema_check
from umt.entrypoints.settings import ConfigurationError, Settings

log = logging.getLogger("umt.process")


@dataclass(frozen=True, slots=True)
class ProcessRole:
    """What one process runs: agent workers, the background loops of which agents' contexts,
    and whether an outbox relay."""

    command: str  # the command that runs it, for messages: "umt worker"
    agents: tuple[str, ...] = ()
    loops_of: tuple[str, ...] = ()
    relay: bool = False
    concurrency: int | None = None


def worker_role(
    settings: Settings, names: Sequence[str], *, concurrency: int | None = None
) -> ProcessRole:
    """``umt worker``: the agents, their loops and a relay, as the settings say."""
    return ProcessRole(
        "umt worker",
        agents=tuple(names),
        loops_of=tuple(names) if settings.broker.run_background_loops else (),
        relay=settings.broker.run_outbox_relay,
        concurrency=concurrency,
    )


RELAY_ROLE = ProcessRole("umt relay", relay=True)
SCHEDULER_ROLE = ProcessRole("umt scheduler", loops_of=tuple(AGENTS))


def check_broker(settings: Settings, command: str = "umt worker") -> None:
    """A process apart from the API reaches the others through RabbitMQ, not a broker in its
    own memory."""
    if settings.broker.in_process:
        raise ConfigurationError(
            f"{command} needs UMT_BROKER_URL (RabbitMQ): an in-process broker reaches no other "
            "process. On the embedded default, `umt serve` runs every agent itself."
        )


def check_shared_state(settings: Settings, command: str) -> None:
    """The broker and the database must be ones the other processes share."""
    check_broker(settings, command)
    if settings.database.in_memory:
        raise ConfigurationError(
            f"{command} needs a database the other processes share (UMT_DATABASE_URL): "
            "memory:// lives and dies inside one process"
        )


async def run_process(settings: Settings, role: ProcessRole, *, probe_port: int) -> None:
    """Run ``role`` until SIGTERM/SIGINT (or, for workers, a shutdown system message)."""
    check_shared_state(settings, role.command)
    configure_logging(settings)
    container = build_container(settings)
    await start_resources(container)
    try:
        host = (
            agent_host(container, role.agents, concurrency=role.concurrency)
            if role.agents
            else AgentHost([])  # agent_host() without names would build every agent
        )
        await host.start()
        relay = RelayLoop(container.outbox_relay() if role.relay else None)
        loops = context_loops(container, role.loops_of)

        def start_background() -> None:
            relay.start()
            for background in loops:
                background.start()

        gate = SchemaGate(schema_check(container))  # as in `umt serve`: no loops, no schema
        await gate.open(start_background)
        metrics = watch_process(container, host.workers, relay=role.relay)
        # As in `umt serve`: what start-up built lives as long as the process; out of the
        # collector's sight, the collections that deliveries trigger stay short.
        gc.collect()
        gc.freeze()

        async def ready() -> tuple[bool, bytes]:
            return await readiness_report(container)

        async with probe_server(metrics, ready, settings.http.host, probe_port):
            await _until_stopped(host if role.agents else None)
            log.info("stopping %s", role.command)
            await gate.close()
            await host.stop(grace_seconds=settings.broker.shutdown_grace_seconds)
            await relay.stop(settings.broker.shutdown_grace_seconds)
            for background in loops:
                await background.stop(settings.broker.shutdown_grace_seconds)
    finally:
        await stop_resources(container)


async def readiness_report(container: Any) -> tuple[bool, bytes]:
    """The same report as ``GET /health/ready`` of the API: the database (with its schema), the
    broker and the cache answer, no breaker is open; and the loops' last ticks."""
    report = await check_readiness(container)
    return not report.down, msgspec.json.encode(report)


async def _until_stopped(host: AgentHost | None) -> None:
    """Until SIGTERM or SIGINT, or until the workers stop (a ``shutdown`` system message)."""
    signalled = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, signalled.set)
    waits: list[asyncio.Task[Any]] = [asyncio.create_task(signalled.wait())]
    if host is not None:
        waits.append(asyncio.create_task(host.wait_stopped()))
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in waits:
            waiting.cancel()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
