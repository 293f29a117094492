"""Request ids: taken from X-Request-ID when sane, else generated; on every response (routing
errors included) and bound to every log line."""

from __future__ import annotations

import re
import uuid
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
HEADER = b"x-request-id"


def ensure_request_id(scope: Scope) -> str:
    """The request's id, fixed on first use: the client's if sane, else a new one."""
    state: dict[str, Any] = scope.setdefault("state", {})
    request_id = state.get("request_id")
    if request_id is None:
        incoming = next(
            (value.decode("latin-1") for name, value in scope.get("headers", ()) if name == HEADER),
            "",
        )
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        state["request_id"] = request_id
    return str(request_id)


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Binds the request id to the logging context of a routed request."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP:
            structlog.contextvars.clear_contextvars()
            structlog.contextvars.bind_contextvars(request_id=ensure_request_id(scope))
        await app(scope, receive, send)

    return middleware


async def add_request_id_header(message: Message, scope: Scope) -> None:
    """``before_send`` hook: runs for every response, also 404/405 that never reach a route."""
    if message["type"] == "http.response.start":
        headers = list(message.get("headers", []))
        if not any(name.lower() == HEADER for name, _ in headers):
            headers.append((HEADER, ensure_request_id(scope).encode()))
            message["headers"] = headers
