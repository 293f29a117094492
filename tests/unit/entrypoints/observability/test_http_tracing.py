"""CLIENT spans for the outbound HTTP calls (a platform API, the model API) over loopback,
recorded by an in-memory exporter: one per request, with the URL's secrets redacted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar, Request, get
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from tests.support.fake_openai import API_KEY, FakeOpenAi
from tests.support.generation import sample_request
from tests.support.loopback_server import new_client, serve_asgi

from umt.adapters.resilience.breaker import BreakerConfig, Breakers
from umt.entrypoints.container import content_generator
from umt.entrypoints.observability.http_tracing import (
    instrument_http_client,
    redacted_url,
)
from umt.entrypoints.observability.tracing import Telemetry
from umt.entrypoints.settings import Settings

TOKEN = "EAAB-secret-graph-token-7f1"  # what must never reach a span


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def telemetry(exporter: InMemorySpanExporter) -> Telemetry:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return Telemetry(provider)


@get("/v19.0/me", sync_to_thread=False)
def me(request: Request[Any, Any, Any]) -> dict[str, str | None]:
    return {"id": "42", "traceparent": request.headers.get("traceparent")}


@pytest.fixture
def graph() -> Iterator[str]:
    with serve_asgi(Litestar([me])) as base_url:
        yield base_url


def attribute_text(spans: tuple[ReadableSpan, ...]) -> str:
    return " ".join(f"{s.name} {dict(s.attributes or {})}" for s in spans)


def url_of(span: ReadableSpan) -> str:
    attributes = dict(span.attributes or {})
    url = attributes.get("url.full", attributes.get("http.url"))
    assert isinstance(url, str), attributes
    return url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://graph.facebook.com/v19.0/me?access_token=EAAB1&fields=id,name",
            "https://graph.facebook.com/v19.0/me?access_token=REDACTED&fields=REDACTED",
        ),
        ("https://u:pw@api.example:8443/x#frag", "https://REDACTED:REDACTED@api.example:8443/x"),
        ("http://[::1]:8080/v1/chat/completions", "http://[::1]:8080/v1/chat/completions"),
        ("https://api.example/oauth/token?code=", "https://api.example/oauth/token?code=REDACTED"),
    ],
)
def test_a_recorded_url_keeps_no_credentials_and_no_query_values(url: str, expected: str) -> None:
    assert redacted_url(url) == expected


async def test_a_platform_call_is_a_client_span_with_the_token_redacted(
    graph: str, telemetry: Telemetry, exporter: InMemorySpanExporter
) -> None:
    client = instrument_http_client(new_client(), telemetry)
    try:
        response = await client.get(
            f"{graph}/v19.0/me",
            params={"access_token": TOKEN, "fields": "id"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    finally:
        await client.aclose()
    assert response.status_code == 200
    spans = exporter.get_finished_spans()
    (span,) = spans
    assert span.kind is SpanKind.CLIENT
    assert url_of(span) == f"{graph}/v19.0/me?access_token=REDACTED&fields=REDACTED"
    assert TOKEN not in attribute_text(spans)
    # the platform got the span's context (W3C traceparent), not the secret's absence only
    assert response.json()["traceparent"].split("-")[2] == f"{span.context.span_id:016x}"


async def test_without_tracing_the_client_is_left_as_it_was(graph: str) -> None:
    client = new_client()
    assert instrument_http_client(client, Telemetry()) is client
    try:
        response = await client.get(f"{graph}/v19.0/me")
    finally:
        await client.aclose()
    assert response.json()["traceparent"] is None


async def test_a_model_call_is_a_client_span_without_the_api_key(
    telemetry: Telemetry, exporter: InMemorySpanExporter
) -> None:
    fake = FakeOpenAi()
    with fake.serve() as base_url:
        settings = Settings(
            _env_file=None,
            database_url="memory://",
            broker_url="",
            redis_url="",
            generator="openai",
            openai_base_url=base_url,
            openai_api_key=API_KEY,
            openai_max_retries=0,
        )
        resource = content_generator.content_generator(
            settings, Breakers(BreakerConfig()), telemetry
        )
        generator = await anext(resource)
        try:
            result = await generator.generate(sample_request())
        finally:
            with pytest.raises(StopAsyncIteration):
                await anext(resource)
    assert result.adapter.startswith("openai")
    spans = exporter.get_finished_spans()
    (span,) = [s for s in spans if s.kind is SpanKind.CLIENT]
    assert url_of(span) == f"{base_url}/chat/completions"
    assert API_KEY not in attribute_text(spans)
