"""The HTTP server in front of the app: uvicorn on httptools, with its limits chosen here.

uvicorn answers a request it cannot parse itself, before the app sees it, with a ``text/plain``
"Invalid HTTP request received.". :class:`ProblemHttpProtocol` makes those answers
``application/problem+json`` like every other error of the API, and enforces the limits that
httptools leaves open (it bounds neither the URL nor the headers, and waits for a request head
forever): see :class:`ServerLimits`, and docs/operations.md for the figures.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import msgspec
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from umt.entrypoints.http.schemas.common import Problem


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """What one request and one process may take of the server, before the app is involved.

    The body's limit is the app's (``UMT_MAX_REQUEST_BYTES``, 413)."""

    max_url_bytes: int = 8 * 1024  # the request target (path and query): 414 beyond
    max_header_bytes: int = 16 * 1024  # all header names and values together: 431 beyond
    max_headers: int = 100  # header fields: 431 beyond
    head_timeout_seconds: float = 10.0  # to send a request's line and headers: 408 beyond
    max_connections: int = 1000  # open at once in one process: 503 to the next
    keep_alive_seconds: int = 5  # an idle connection is closed after this
    backlog: int = 2048  # connections the kernel queues before the server accepts them
    graceful_shutdown_seconds: int = 30  # in-flight requests get this long on SIGTERM


LIMITS = ServerLimits()

_TITLES = {
    400: "Bad request",
    408: "Request timeout",
    414: "URI too long",
    431: "Request header fields too large",
    503: "Service unavailable",
}
_REASONS = {
    400: b"Bad Request",
    408: b"Request Timeout",
    414: b"URI Too Long",
    431: b"Request Header Fields Too Large",
    503: b"Service Unavailable",
}


@dataclass(frozen=True, slots=True)
class _Refusal:
    status: int
    code: str
    detail: str


_MALFORMED = _Refusal(
    400,
    "malformed_request",
    "the request is not valid HTTP/1.1 (a request line such as GET /api/v1/brands HTTP/1.1, "
    "headers, a blank line; characters outside ASCII in the URL must be percent-encoded)",
)


_TOO_MANY = _Refusal(503, "too_many_connections", "the server has too many open connections")


class _LimitExceeded(Exception):
    """Raised inside a parser callback: httptools stops and the protocol sends the refusal."""


def problem_bytes(refusal: _Refusal) -> bytes:
    """A complete HTTP/1.1 response carrying the refusal as problem+json; the connection closes."""
    body = msgspec.json.encode(
        Problem(
            type=f"/problems/{refusal.code}",
            title=_TITLES[refusal.status],
            status=refusal.status,
            detail=refusal.detail,
            code=refusal.code,
        )
    )
    head = (
        f"HTTP/1.1 {refusal.status} ".encode()
        + _REASONS[refusal.status]
        + b"\r\ncontent-type: application/problem+json\r\n"
        + b"content-length: "
        + str(len(body)).encode()
        + b"\r\nconnection: close\r\nx-content-type-options: nosniff\r\ncache-control: no-store"
        + (b"\r\nretry-after: 1" if refusal.status == 503 else b"")
        + b"\r\n\r\n"
    )
    return head + body


class ProblemHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, answering what it refuses with problem+json and holding
    a request head to :data:`LIMITS`. The counting is a few integer additions per request."""

    limits = LIMITS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._refusal: _Refusal | None = None
        self._url_bytes = 0
        self._header_bytes = 0
        self._header_count = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._over_limit = False

    # -- connections ---------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # uvicorn narrows BaseTransport the same way
        super().connection_made(transport)
        # refused once the client has spoken: closing at once, with its request unread, would
        # reset the connection and lose the answer
        self._over_limit = len(self.connections) > self.limits.max_connections
        self._start_head_timer()

    def data_received(self, data: bytes) -> None:
        if self._over_limit:
            self._refuse(_TOO_MANY)
            return
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    # -- the request head ----------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._url_bytes = self._header_bytes = self._header_count = 0
        if self._head_timer is None:
            self._start_head_timer()

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        if self._url_bytes > self.limits.max_url_bytes:
            self._refusal = _Refusal(
                414, "uri_too_long", f"the URL is longer than {self.limits.max_url_bytes} bytes"
            )
            raise _LimitExceeded
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        self._header_bytes += len(name) + len(value)
        if (
            self._header_count > self.limits.max_headers
            or self._header_bytes > self.limits.max_header_bytes
        ):
            self._refusal = _Refusal(
                431,
                "headers_too_large",
                f"the request has more than {self.limits.max_headers} headers or more than "
                f"{self.limits.max_header_bytes} bytes of them",
            )
            raise _LimitExceeded
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._stop_head_timer()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # the next request's head is timed from its first byte (on_message_begin); until then
        # uvicorn's keep-alive timeout closes an idle connection

    # -- refusals ------------------------------------------------------------------------------

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to anything the parser refused (including our limits above)."""
        refusal, self._refusal = self._refusal or _MALFORMED, None
        self._refuse(refusal)

    def _refuse(self, refusal: _Refusal) -> None:
        self._stop_head_timer()
        if not self.transport.is_closing():
            self.transport.write(problem_bytes(refusal))
            self.transport.close()

    def _start_head_timer(self) -> None:
        self._stop_head_timer()
        self._head_timer = self.loop.call_later(
            self.limits.head_timeout_seconds, self._head_timed_out
        )

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.cycle is None or self.cycle.response_complete:
            # no request in flight: a head started but never finished, or nothing was sent
            seconds = self.limits.head_timeout_seconds
            detail = f"the request line and headers took over {seconds:g} s"
            self._refuse(_Refusal(408, "request_timeout", detail))


def server_config(
    app: Any, *, host: str, port: int, limits: ServerLimits = LIMITS
) -> uvicorn.Config:
    """uvicorn's configuration for ``umt serve``, every limit stated rather than defaulted."""
    protocol: type[ProblemHttpProtocol] = ProblemHttpProtocol
    if limits != protocol.limits:  # a subclass holding other limits (tests, tuning)
        protocol = type("ProblemHttpProtocol", (ProblemHttpProtocol,), {"limits": limits})
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        ws="none",  # the API has no WebSocket routes: an Upgrade is an ordinary request
        lifespan="on",
        log_config=None,  # logging is structlog's (entrypoints.logging)
        access_log=False,
        server_header=False,
        # the app resolves forwarded headers itself, from UMT_TRUSTED_PROXIES only
        # (http/forwarded.py); uvicorn's own would trust 127.0.0.1 by default
        proxy_headers=False,
        backlog=limits.backlog,
        timeout_keep_alive=limits.keep_alive_seconds,
        timeout_graceful_shutdown=limits.graceful_shutdown_seconds,
    )
