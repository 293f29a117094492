"""Request ids: taken from X-Request-ID when sane, else generated; on every response (routing
errors included, see problems.py) and bound to every log line of the request."""

from __future__ import annotations

import random
import re
from typing import Any

from litestar import Request, Response
from litestar.types import Scope

from umt.application.audit.context import start_request_scope
from umt.application.log_context import bind_request, current_request_id, start_request

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
HEADER = b"x-request-id"
# Request ids correlate log lines; they need uniqueness, not unpredictability, so the fast
# Mersenne Twister serves (uuid4 reads os.urandom on every request).
_random_bits = random.Random().getrandbits  # noqa: S311  # see above


def ensure_request_id(scope: Scope) -> str:
    """The request's id, fixed on first use: the client's if sane, else a new one."""
    state: dict[str, Any] = scope.setdefault("state", {})
    request_id = state.get("request_id")
    if request_id is None:
        incoming = ""
        for name, value in scope.get("headers", ()):
            if name == HEADER:
                incoming = value.decode("latin-1")
                break
        request_id = incoming if _SAFE_ID.match(incoming) else f"{_random_bits(128):032x}"
        state["request_id"] = request_id
    return str(request_id)


async def begin_request(request: Request[Any, Any, Any]) -> None:
    """``before_request`` hook: fix the id and open the request's logging context (with the
    trace id, when the tracing middleware started a span)."""
    scope = request.scope
    start_request(ensure_request_id(scope))
    client = scope.get("client")
    start_request_scope(client[0] if client else None, request.headers.get("user-agent"))
    trace_id = scope["state"].get("trace_id")
    if trace_id is not None:
        bind_request(trace_id=trace_id)


async def tag_response(response: Response[Any]) -> Response[Any]:
    """``after_request`` hook: echo the id on the response."""
    request_id = current_request_id()
    if request_id is not None:
        response.headers["X-Request-ID"] = request_id
    return response
