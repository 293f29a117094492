"""An ASGI wrapper that makes a fake platform lose its answer after applying the effect.

``LoseAnswers(app)`` passes every request to ``app``; for a request matching an armed fault it
lets ``app`` apply the request, then, instead of the answer, either drops the connection (the
response starts, the body never comes: uvicorn closes the socket) or answers a gateway's 504.
That is the failure exactly-once publishing must survive: the effect exists, the caller never
learns it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@dataclass
class LoseAnswers:
    app: Any  # an ASGI app (Litestar)
    armed: list[tuple[str, str, str]] = field(default_factory=list)  # method, path end, mode

    def arm(self, method: str, path_end: str, mode: str) -> None:
        """Lose the answer of the next ``method`` request whose path ends with ``path_end``;
        ``mode`` is ``"drop"`` (connection closed mid-answer) or ``"504"``."""
        self.armed.append((method, path_end, mode))

    def _take(self, scope: Scope) -> str | None:
        for index, (method, path_end, mode) in enumerate(self.armed):
            if scope.get("method") == method and str(scope.get("path", "")).endswith(path_end):
                del self.armed[index]
                return mode
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        mode = self._take(scope) if scope["type"] == "http" else None
        if mode is None:
            await self.app(scope, receive, send)
            return

        async def swallow(message: Message) -> None:
            return None

        await self.app(scope, receive, swallow)  # the effect is applied; the answer is lost
        if mode == "504":
            body = b"<html><body>504 Gateway Timeout</body></html>"
            await send({"type": "http.response.start", "status": 504,
                        "headers": [(b"content-type", b"text/html"),
                                    (b"content-length", str(len(body)).encode())]})  # fmt: skip
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", b"4096")]})  # fmt: skip
        await send({"type": "http.response.body", "body": b'{"id": "', "more_body": True})
        # returning without finishing the body: the server closes the connection
