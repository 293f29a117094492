"""The edge of every routed request, as one raw ASGI middleware (the outermost of umt's).

What each request needs before and after its handler, in one place and one ``send`` wrapper:

- the client's address and scheme as the trusted proxies report them (forwarded.py), so that
  every layer after this one sees the client, not the ingress;
- its id (the client's ``X-Request-ID`` when sane, else a new one) opening its logging context,
  and the audit scope (client address, user agent) its commands are recorded under;
- a SERVER span when tracing is on, its trace id bound to the logging context;
- on the response: the security headers, ``X-Request-ID``, and the request metrics (labelled
  by route template, never by raw path, so the label set stays bounded).

One middleware instead of three (security headers, observation) plus two Litestar hooks
(``before_request``, ``after_request``): each layer costs a coroutine and a ``send`` wrapper
per message on every request, and a hook builds a ``Headers`` object to read two values, which
together were a tenth of a GET's CPU (docs/benchmarks.md). Paths that match no route are
answered before any middleware runs; problems.py adds the same headers to those itself.
"""

from __future__ import annotations

import time
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, StatusCode

from umt.application.audit.context import start_request_scope
from umt.application.log_context import bind_request, start_request
from umt.entrypoints.http.forwarded import TrustedProxies, client_address, resolve
from umt.entrypoints.http.middleware import ensure_request_id
from umt.entrypoints.http.security_headers import DOCS_PREFIX, headers_for
from umt.entrypoints.observability.metrics import Metrics

_TRACE_HEADERS = {b"traceparent": "traceparent", b"tracestate": "tracestate"}
_USER_AGENT = b"user-agent"
_REQUEST_ID = b"x-request-id"
SERVER_ERROR = 500


class HttpObserver:
    """The edge's observers: the metrics from the start, the tracer once the app's resources
    run (the lifespan sets ``tracer``)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self.tracer: trace.Tracer | None = None


def edge_middleware(
    observer: HttpObserver, *, force_hsts: bool, proxies: TrustedProxies | None = None
) -> type:
    """The middleware class for ``Litestar(middleware=[...])``, outermost."""
    trusted = proxies or TrustedProxies()
    # the four header sets a response can get (docs or API, HSTS or not), computed once
    security = {
        (docs, https): tuple(
            headers_for(
                DOCS_PREFIX if docs else "/", "https" if https else "http", force_hsts=force_hsts
            )
        )
        for docs in (False, True)
        for https in (False, True)
    }

    class Edge:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await self.app(scope, receive, send)
                return
            if trusted:
                resolve(scope, trusted)
            request_id = ensure_request_id(scope)
            start_request(request_id)
            user_agent = None
            for name, value in scope["headers"]:
                if name == _USER_AGENT:
                    user_agent = value.decode("latin-1")
                    break
            start_request_scope(client_address(scope), user_agent)

            path: str = scope["path"]
            extra = security[path.startswith(DOCS_PREFIX), scope.get("scheme") == "https"]
            tag = (_REQUEST_ID, request_id.encode("latin-1"))
            status = SERVER_ERROR  # unless a response starts

            async def sending(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    headers = list(message.get("headers", ()))
                    present = {name.lower() for name, _ in headers}
                    headers.extend(h for h in extra if h[0] not in present)
                    if _REQUEST_ID not in present:
                        headers.append(tag)
                    message["headers"] = headers
                await send(message)

            method: str = scope["method"]
            route: str = scope.get("path_template") or path
            started = time.perf_counter()
            try:
                if observer.tracer is None:
                    await self.app(scope, receive, sending)
                else:
                    await self._traced(observer.tracer, scope, receive, sending, method, route)
            finally:
                observer.metrics.observe_request(
                    method, route, status, time.perf_counter() - started
                )

        async def _traced(
            self,
            tracer: trace.Tracer,
            scope: Scope,
            receive: Receive,
            send: Any,
            method: str,
            route: str,
        ) -> None:
            status: list[int] = [SERVER_ERROR]

            async def sending(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status[0] = message["status"]
                await send(message)

            with tracer.start_as_current_span(
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
                trace_id = trace.format_trace_id(span.get_span_context().trace_id)
                scope.setdefault("state", {})["trace_id"] = trace_id
                bind_request(trace_id=trace_id)
                try:
                    await self.app(scope, receive, sending)
                finally:
                    span.set_attribute("http.response.status_code", status[0])
                    if status[0] >= SERVER_ERROR:
                        span.set_status(StatusCode.ERROR)

    return Edge


def _remote_parent(scope: Scope) -> Context | None:
    """The caller's trace context from ``traceparent``/``tracestate``, if it sent one."""
    carrier = {
        _TRACE_HEADERS[name]: value.decode("latin-1")
        for name, value in scope["headers"]
        if name in _TRACE_HEADERS
    }
    return propagate.extract(carrier) if carrier else None
