"""Pointing a process's metrics at its running parts, and ``/metrics`` for ``umt worker``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

from umt.application.agents.catalogue import AGENTS
from umt.application.agents.worker import AgentWorker
from umt.application.brand.cached_reader import CachedBrandReader
from umt.entrypoints.observability.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger("umt.metrics")


def watch_process(container: Any, workers: Sequence[AgentWorker]) -> Metrics:
    """Metrics of this process: its workers, every agent's queue, the outbox, the cache."""
    metrics: Metrics = container.metrics()
    sources = metrics.sources
    sources.broker = container.broker()
    sources.agents = list(AGENTS)
    sources.workers = list(workers)
    sources.clock = container.clock()
    if container.settings().broker.run_outbox_relay:
        sources.relay = container.outbox_relay()
    reader = container.brand_reader()
    if isinstance(reader, CachedBrandReader):
        sources.caches["brand"] = reader.stats
    return metrics


async def _answer(
    metrics: Metrics, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        async with asyncio.timeout(10):
            request_line = await reader.readline()
            while (await reader.readline()).strip():  # the headers: not needed
                pass
        parts = request_line.decode("latin-1").split()
        if len(parts) >= 2 and parts[0] in ("GET", "HEAD") and parts[1].split("?")[0] == "/metrics":
            body = await metrics.render()
            status, content_type = "200 OK", CONTENT_TYPE
        else:
            body, status, content_type = b"not found\n", "404 Not Found", "text/plain"
        head = (
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        writer.write(head.encode() + (body if parts and parts[0] != "HEAD" else b""))
        await writer.drain()
    except (TimeoutError, ConnectionError):
        pass
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


@contextlib.asynccontextmanager
async def metrics_server(metrics: Metrics, host: str, port: int) -> AsyncIterator[int | None]:
    """Serve ``GET /metrics`` on ``host:port`` while the block runs (``port`` 0: not at all).

    A tiny asyncio server rather than prometheus_client's threaded one: queue depths and the
    outbox lag are asked of the broker and the database on the process's own event loop.
    Yields the bound port.
    """
    if port == 0:
        yield None
        return
    server = await asyncio.start_server(lambda r, w: _answer(metrics, r, w), host=host, port=port)
    bound: int = server.sockets[0].getsockname()[1]
    log.info("metrics on http://%s:%d/metrics", host, bound)
    try:
        yield bound
    finally:
        server.close()
        await server.wait_closed()
