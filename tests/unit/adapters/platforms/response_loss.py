"""An ASGI wrapper for the fake platforms: the effect is applied, then the answer is lost.

A test arms it for the next request matching a method and path prefix; the wrapped app runs
in full (the post, pin or campaign is created and committed), and instead of its answer the
client gets one of:

- ``drop``: the status line and part of a body, then the connection closes (the client sees
  the peer close mid-response);
- ``504``: a gateway's ``504 Gateway Time-out`` HTML page;
- ``slow``: the answer only after ``SLOW_SECONDS``, longer than the test client's read timeout.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from umt.adapters.httpx.egress import guarded_client
from umt.adapters.platforms.http import CLIENT_HEADERS
from umt.domain.shared.network import NetworkPolicy

Mode = Literal["drop", "504", "slow"]
SLOW_SECONDS = 3.0


def impatient_client() -> httpx.AsyncClient:
    """The platform client (through the egress guard) with a read timeout shorter than
    ``SLOW_SECONDS``."""
    return guarded_client(
        NetworkPolicy(allow_private=True),
        timeout=httpx.Timeout(SLOW_SECONDS / 3, connect=5.0),
        headers=CLIENT_HEADERS,
    )


def refused_url() -> str:
    """A loopback address where nothing listens: connecting is refused, nothing is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def _swallow(message: Any) -> None:
    return


@dataclass
class ResponseLoss:
    app: Any
    armed: list[tuple[str, str, Mode]] = field(default_factory=list)

    def arm(self, method: str, path_prefix: str, mode: Mode = "drop") -> None:
        """Lose the answer to the next ``method`` request whose path starts with the prefix."""
        self.armed.append((method.upper(), path_prefix, mode))

    def _take(self, method: str, path: str) -> Mode | None:
        for index, (armed_method, prefix, mode) in enumerate(self.armed):
            if armed_method == method and path.startswith(prefix):
                del self.armed[index]
                return mode
        return None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        mode = self._take(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if mode is None:
            await self.app(scope, receive, send)
            return
        if mode == "slow":
            messages: list[Any] = []

            async def keep(message: Any) -> None:
                messages.append(message)

            await self.app(scope, receive, keep)
            await asyncio.sleep(SLOW_SECONDS)
            for message in messages:
                await send(message)
            return
        await self.app(scope, receive, _swallow)  # the effect happens; its answer is dropped
        if mode == "504":
            await send(
                {
                    "type": "http.response.start",
                    "status": 504,
                    "headers": [(b"content-type", b"text/html")],
                }
            )
            await send({"type": "http.response.body", "body": b"<h1>504 Gateway Time-out</h1>"})
            return
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"500")]}
        )
        await send({"type": "http.response.body", "body": b'{"id": ', "more_body": True})
        # Returning with the body incomplete makes the server close the connection.
