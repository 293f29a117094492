"""``umt worker``: agent workers in their own process, on RabbitMQ.

SIGTERM (or SIGINT) stops them gracefully: no new deliveries, in-flight work finishes within
the grace period (or goes back to the queue), then the connections close.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Sequence

from umt.entrypoints.background import RelayLoop, context_loops
from umt.entrypoints.container import agent_host, build_container, start_resources, stop_resources
from umt.entrypoints.logging import configure_logging
from umt.entrypoints.observability.process import metrics_server, watch_process
from umt.entrypoints.schema import SchemaGate, schema_check
from umt.entrypoints.settings import ConfigurationError, Settings

log = logging.getLogger("umt.worker")


def check_broker(settings: Settings) -> None:
    if settings.broker.in_process:
        raise ConfigurationError(
            "umt worker needs UMT_BROKER_URL (RabbitMQ): an in-process broker reaches no other "
            "process. On the embedded default, `umt serve` runs every agent itself."
        )


async def run_workers(
    settings: Settings, names: Sequence[str], *, concurrency: int | None = None
) -> None:
    """Run the named agents until SIGTERM/SIGINT or a shutdown system message."""
    check_broker(settings)
    configure_logging(settings)
    container = build_container(settings)
    await start_resources(container)
    try:
        host = agent_host(container, names, concurrency=concurrency)
        await host.start()
        relay = RelayLoop(container.outbox_relay() if settings.broker.run_outbox_relay else None)
        # each context's loops go with its agent
        loops = context_loops(container, (w.agent.name for w in host.workers))

        def start_loops() -> None:
            relay.start()
            for background in loops:
                background.start()

        gate = SchemaGate(schema_check(container))  # as in `umt serve`: no loops, no schema
        await gate.open(start_loops)
        metrics = watch_process(container, host.workers)
        # As in `umt serve`: what start-up built lives as long as the process; out of the
        # collector's sight, the collections that deliveries trigger stay short.
        gc.collect()
        gc.freeze()
        async with metrics_server(metrics, settings.http.host, settings.observability.metrics_port):
            signalled = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, signalled.set)
            waits = [
                asyncio.create_task(signalled.wait()),
                asyncio.create_task(host.wait_stopped()),
            ]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for waiting in waits:
                waiting.cancel()
            log.info("stopping workers")
            await gate.close()
            await host.stop(grace_seconds=settings.broker.shutdown_grace_seconds)
            await relay.stop()
            for background in loops:
                await background.stop()
    finally:
        await stop_resources(container)
