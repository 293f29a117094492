"""An ASGI wrapper that loses the answer to a write after the fake platform applied it.

A test arms ``(method, path)`` with a mode: the wrapped app handles the request (the post is
created, the effect is committed), then the client gets no usable answer:

- ``"drop"``: the response starts, part of the body is sent, and the connection is closed;
- ``"504"``: a gateway's 504 HTML page replaces the answer;
- ``"hang"``: the answer comes only after ``hang_seconds`` (longer than the client waits).
"""

from __future__ import annotations

import asyncio
from typing import Any

Scope = dict[str, Any]


class LoseResponses:
    def __init__(self, app: Any, *, hang_seconds: float = 3.0) -> None:
        self.app = app
        self.armed: dict[tuple[str, str], str] = {}
        self.hang_seconds = hang_seconds

    def arm(self, method: str, path: str, mode: str) -> None:
        self.armed[(method, path)] = mode

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        mode = self.armed.pop((scope["method"], scope["path"]), None)
        if mode is None:
            await self.app(scope, receive, send)
            return

        async def discard(message: dict[str, Any]) -> None:
            return

        await self.app(scope, receive, discard)  # the effect is applied; its answer is lost
        if mode == "hang":
            await asyncio.sleep(self.hang_seconds)
            await send({"type": "http.response.start", "status": 504, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        if mode == "504":
            await send(
                {
                    "type": "http.response.start",
                    "status": 504,
                    "headers": [(b"content-type", b"text/html")],
                }
            )
            await send({"type": "http.response.body", "body": b"<html>Gateway Time-out</html>"})
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"500")],
            }
        )
        await send({"type": "http.response.body", "body": b'{"id": "', "more_body": True})
        raise ConnectionResetError("the fake platform dropped the connection mid-answer")
