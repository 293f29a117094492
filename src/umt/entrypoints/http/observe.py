"""HTTP observability: a SERVER span per request (when tracing is on) and the request metrics;
and ``GET /metrics``, the Prometheus text exposition (no token, not in the OpenAPI document).

Requests are labelled by route template (``/api/v1/brands/{brand_id:uuid}``), never by raw
path, so the label set stays bounded. Paths that match no route are answered before any
middleware runs and are not counted.
"""

from __future__ import annotations

import time
from typing import Any

from litestar import Response, get
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, StatusCode

from umt.entrypoints.observability.metrics import CONTENT_TYPE, Metrics

_TRACE_HEADERS = {b"traceparent": "traceparent", b"tracestate": "tracestate"}
SERVER_ERROR = 500


class HttpObserver:
    """Middleware state: the metrics from the start, the tracer once the app's resources run."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self.tracer: trace.Tracer | None = None

    def middleware(self, app: ASGIApp) -> ASGIApp:
        async def observe(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            method: str = scope["method"]
            route: str = scope.get("path_template") or scope["path"]
            status = SERVER_ERROR  # unless a response starts

            async def sending(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            started = time.perf_counter()
            try:
                if self.tracer is None:
                    await app(scope, receive, sending)
                    return
                with self.tracer.start_as_current_span(
                    f"{method} {route}",
                    context=_remote_parent(scope),
                    kind=SpanKind.SERVER,
                    attributes={
                        "http.request.method": method,
                        "http.route": route,
                        "url.path": scope["path"],
                        "url.scheme": scope.get("scheme", "http"),
                    },
                ) as span:
                    # for the request's log context (begin_request binds it)
                    state: dict[str, Any] = scope.setdefault("state", {})
                    state["trace_id"] = trace.format_trace_id(span.get_span_context().trace_id)
                    try:
                        await app(scope, receive, sending)
                    finally:
                        span.set_attribute("http.response.status_code", status)
                        if status >= SERVER_ERROR:
                            span.set_status(StatusCode.ERROR)
            finally:
                self.metrics.observe_request(method, route, status, time.perf_counter() - started)

        return observe


def _remote_parent(scope: Scope) -> Context | None:
    """The caller's trace context from ``traceparent``/``tracestate``, if it sent one."""
    carrier = {
        _TRACE_HEADERS[name]: value.decode("latin-1")
        for name, value in scope["headers"]
        if name in _TRACE_HEADERS
    }
    return propagate.extract(carrier) if carrier else None


@get("/metrics", include_in_schema=False, opt={"public": True})
async def metrics_endpoint(state: State) -> Response[bytes]:
    metrics: Metrics = state.metrics
    return Response(await metrics.render(), media_type=CONTENT_TYPE)
