"""One trace from an HTTP request to the task it causes on an agent, over the in-process
broker, recorded by an in-memory span exporter."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from tests.unit.entrypoints.http.helpers import API, register

from umt.adapters.sql.migrate import upgrade_to_head
from umt.entrypoints.container import build_container
from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

Client = TestClient[Litestar]


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def client(tmp_path: Path, exporter: InMemorySpanExporter) -> Iterator[Client]:
    """The app on SQLite (so SQL spans exist), agents in process, tracing into ``exporter``."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"
    asyncio.run(upgrade_to_head(url))
    settings = Settings(
        _env_file=None,
        database_url=url,
        data_dir=tmp_path,
        environment="development",
        jwt_secret=None,
        broker_url="",
        redis_url="",
        run_agents="auto",
    )
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = create_app(settings, container=build_container(settings, tracer_provider=provider))
    with TestClient(app=app) as test_client:
        yield test_client


def finished(client: Client, headers: dict[str, str], job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"{API}/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.02)
    raise AssertionError("the job never finished")


def one(spans: list[ReadableSpan], kind: SpanKind, name: str) -> ReadableSpan:
    found = [s for s in spans if s.kind is kind and s.name == name]
    assert len(found) == 1, [(s.name, s.kind) for s in spans]
    return found[0]


def parent_id(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def test_a_job_is_one_trace_from_the_request_to_the_agent(
    client: Client, exporter: InMemorySpanExporter
) -> None:
    owner = register(client, organization_name="Traced")
    exporter.clear()
    response = client.post(
        f"{API}/jobs",
        json={"task_type": "brand.create", "input": {"name": "Traced Coffee"}},
        headers=owner.headers,
    )
    assert response.status_code == 202, response.text
    job = finished(client, owner.headers, response.json()["id"])
    assert job["status"] == "succeeded", job
    spans = list(exporter.get_finished_spans())

    server = one(spans, SpanKind.SERVER, "POST /api/v1/jobs")
    producer = one(spans, SpanKind.PRODUCER, "send brand-project")
    consumer = one(spans, SpanKind.CONSUMER, "process brand-project")
    trace_id = server.context.trace_id
    assert server.parent is None  # the request started the trace
    assert server.attributes is not None
    assert server.attributes["http.route"] == "/api/v1/jobs"
    assert server.attributes["http.response.status_code"] == 202
    assert producer.context.trace_id == trace_id
    assert parent_id(producer) == server.context.span_id
    assert consumer.context.trace_id == trace_id
    assert parent_id(consumer) == producer.context.span_id  # built from the envelope's ids
    assert consumer.attributes is not None
    assert consumer.attributes["messaging.message.id"] == job["id"]

    # the task's SQL ran inside the consumer span, in the same trace
    by_id = {s.context.span_id: s for s in spans}

    def under_consumer(span: ReadableSpan) -> bool:
        while span.parent is not None and span.parent.span_id in by_id:
            if span.parent.span_id == consumer.context.span_id:
                return True
            span = by_id[span.parent.span_id]
        return False

    sql = [
        s
        for s in spans
        if s.kind is SpanKind.CLIENT and s.attributes and "db.statement" in s.attributes
    ]
    assert any(s.context.trace_id == trace_id and under_consumer(s) for s in sql), [
        (s.name, s.attributes) for s in sql
    ]
    inserts = [s for s in sql if under_consumer(s) and "INSERT" in str(s.attributes)]
    assert inserts, "the brand's INSERT ran under the consumer span"


def test_a_caller_s_traceparent_is_continued(
    client: Client, exporter: InMemorySpanExporter
) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    parent = "00f067aa0ba902b7"
    response = client.get("/health/live", headers={"traceparent": f"00-{trace_id}-{parent}-01"})
    assert response.status_code == 200
    server = one(list(exporter.get_finished_spans()), SpanKind.SERVER, "GET /health/live")
    assert f"{server.context.trace_id:032x}" == trace_id
    assert parent_id(server) == int(parent, 16)


def test_without_an_exporter_nothing_is_traced(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url="memory://", data_dir=tmp_path)
    container = build_container(settings)
    with TestClient(app=create_app(settings, container=container)) as test_client:
        assert test_client.get("/health/live").status_code == 200
        assert container.telemetry().provider is None
        assert container.tracer() is None  # no span, not even a no-op one, on the hot paths
