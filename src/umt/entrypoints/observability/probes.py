"""The probe port of the processes that serve no HTTP API (``umt worker``, ``umt relay``,
``umt scheduler``): ``GET /health/live``, ``GET /health/ready`` and ``GET /metrics``, the same
paths and answers as ``umt serve`` gives on its own port, for Kubernetes probes and Prometheus.

A tiny asyncio server rather than uvicorn or prometheus_client's threaded one: the readiness
check and the queue depths are asked of the broker and the database on the process's own event
loop, and a process that only consumes queues should not carry an HTTP framework for three
paths. It reads the request line and the headers (bounded in size, count and time), answers,
and closes the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from umt.entrypoints.observability.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger("umt.probes")

JSON = "application/json"
MAX_LINE_BYTES = 8 * 1024  # a request line or one header line
MAX_HEADERS = 100
REQUEST_TIMEOUT_SECONDS = 10.0
RETRY_AFTER_SECONDS = 5  # what a 503 from /health/ready asks a client to wait

# ``(ready, JSON body)``: the readiness report of the process, never raising
ReadinessCheck = Callable[[], Awaitable[tuple[bool, bytes]]]


@dataclass(frozen=True, slots=True)
class _Answer:
    status: str
    content_type: str
    body: bytes
    extra_headers: str = ""


_LIVE = _Answer("200 OK", JSON, b'{"status":"ok"}')
_NOT_FOUND = _Answer("404 Not Found", "text/plain", b"not found\n")
_NOT_ALLOWED = _Answer(
    "405 Method Not Allowed", "text/plain", b"GET only\n", "Allow: GET, HEAD\r\n"
)
_BAD_REQUEST = _Answer("400 Bad Request", "text/plain", b"bad request\n")


class ProbeHandler:
    """Answers one connection: the three paths, GET or HEAD."""

    def __init__(self, metrics: Metrics, ready: ReadinessCheck) -> None:
        self._metrics = metrics
        self._ready = ready

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_SECONDS):
                method, answer = await self._answer(reader)
                head = (
                    f"HTTP/1.1 {answer.status}\r\nContent-Type: {answer.content_type}\r\n"
                    f"Content-Length: {len(answer.body)}\r\n{answer.extra_headers}"
                    "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
                )
                writer.write(head.encode() + (b"" if method == "HEAD" else answer.body))
                await writer.drain()
        except (TimeoutError, ConnectionError):
            pass  # a client that went away or never finished its request: nothing to answer
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _answer(self, reader: asyncio.StreamReader) -> tuple[str, _Answer]:
        try:
            request_line = await reader.readline()
            for _ in range(MAX_HEADERS + 1):  # the headers: read (bounded), not needed
                if not (await reader.readline()).strip():
                    break
            else:
                return "GET", _BAD_REQUEST
        except ValueError:  # a line longer than the stream's limit
            return "GET", _BAD_REQUEST
        parts = request_line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            return "GET", _BAD_REQUEST
        method, path = parts[0], parts[1].split("?", 1)[0]
        if path not in ("/health/live", "/health/ready", "/metrics"):
            return method, _NOT_FOUND
        if method not in ("GET", "HEAD"):
            return "GET", _NOT_ALLOWED
        if path == "/health/live":
            return method, _LIVE
        if path == "/health/ready":
            ok, report = await self._ready()
            if ok:
                return method, _Answer("200 OK", JSON, report)
            retry = f"Retry-After: {RETRY_AFTER_SECONDS}\r\n"
            return method, _Answer("503 Service Unavailable", JSON, report, retry)
        return method, _Answer("200 OK", CONTENT_TYPE, await self._metrics.render())


@contextlib.asynccontextmanager
async def probe_server(
    metrics: Metrics, ready: ReadinessCheck, host: str, port: int
) -> AsyncIterator[int | None]:
    """Serve the probes on ``host:port`` while the block runs (``port`` 0: not at all).
    Yields the bound port (None when off)."""
    if port == 0:
        yield None
        return
    server = await asyncio.start_server(
        ProbeHandler(metrics, ready), host=host, port=port, limit=MAX_LINE_BYTES
    )
    bound: int = server.sockets[0].getsockname()[1]
    log.info("probes on http://%s:%d (/health/live, /health/ready, /metrics)", host, bound)
    try:
        yield bound
    finally:
        server.close()
        await server.wait_closed()
