"""CLIENT spans for outbound HTTP: the platform APIs' shared client and the model API's.

The official httpx instrumentation (``opentelemetry-instrumentation-httpx``), applied to one
client at a time with the container's tracer provider (never globally). It records the
method, the URL, the peer and the status, and writes the W3C ``traceparent`` into the request.

Spans must not carry secrets. Request and response headers are not recorded (the
instrumentation captures none unless ``OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_*`` asks,
and then masks ``Authorization``-like ones). The URL is the one risk: the Graph API takes
``access_token`` in the query, OAuth token endpoints take ``code`` and ``refresh_token``,
and a platform may name a secret anything. So the recorded URL keeps the scheme, host, port,
path and the query's parameter *names*, and every query value and any user:password become
``REDACTED`` (the instrumentation's own redaction knows four AWS/Google signature names only).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from umt.entrypoints.observability.tracing import Telemetry

if TYPE_CHECKING:
    import httpx
    import httpx2

# httpx for the platform client, httpx2 (its fork, which the OpenAI SDK runs on) for the model's
Client = TypeVar("Client", "httpx.AsyncClient", "httpx2.AsyncClient")

REDACTED = "REDACTED"
URL_ATTRIBUTES = ("url.full", "http.url")  # the stable and the older HTTP conventions' names


def redacted_url(url: str) -> str:
    """``url`` without credentials or query values (names kept: they say what was asked)."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if ":" in netloc:  # an IPv6 literal
        netloc = f"[{netloc}]"
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    if parts.username is not None or parts.password is not None:
        netloc = f"{REDACTED}:{REDACTED}@{netloc}"
    query = urlencode(
        [(name, REDACTED) for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


async def _redact(span: Any, request: Any) -> None:
    """The request hook: runs as the span starts, before anything is exported, and
    overwrites the URL attribute the instrumentation set from the raw URL."""
    recorded = getattr(span, "attributes", None) or {}
    safe = redacted_url(str(request.url))
    for name in URL_ATTRIBUTES:
        if name in recorded:
            span.set_attribute(name, safe)


def instrument_http_client(client: Client, telemetry: Telemetry) -> Client:
    """``client`` with a CLIENT span per request when tracing is on (unchanged when off)."""
    if telemetry.provider is None:
        return client
    # imported here: a process with tracing off never loads the instrumentation
    from opentelemetry.instrumentation import httpx as instrumentation

    loaded = sys.modules.get("httpx2")  # not loaded: the client cannot be one of its
    instrumentor = (
        instrumentation.HTTPX2ClientInstrumentor
        if loaded is not None and isinstance(client, loaded.AsyncClient)
        else instrumentation.HTTPXClientInstrumentor
    )
    instrumentor.instrument_client(
        client,  # type: ignore[arg-type]  # annotated with httpx's classes; httpx2's work too
        tracer_provider=telemetry.provider,
        request_hook=_redact,
    )
    return client
