"""Prometheus metrics: /metrics after some traffic, worker metrics, the worker's endpoint."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families
from tests.support.test_agent import TEST_AGENT, Boom, Flaky, boom, flaky
from tests.unit.application.agents.harness import Runtime
from tests.unit.entrypoints.http.helpers import API, create_brand, register, running_client

from umt.application.agents.catalogue import BRAND_PROJECT
from umt.entrypoints.observability.metrics import Metrics
from umt.entrypoints.observability.probes import probe_server

Client = TestClient[Litestar]
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, metric: str, /, **labels: str) -> float:
    key = (metric, frozenset(labels.items()))
    have = [dict(found) for name, found in samples if name == metric]
    assert key in samples, f"{metric}{labels} not exposed; {metric} has {have}"
    return samples[key]


def scrape(client: Client) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return parse(response.text)


@pytest.fixture
def client(tmp_path: Path) -> Any:
    with running_client(tmp_path) as test_client:
        yield test_client


def test_metrics_after_a_job_a_cache_hit_and_a_miss(client: Client) -> None:
    owner = register(client, organization_name="Measured")
    brand = create_brand(client, owner, name="Metered")
    for _ in range(2):  # a miss, then a hit
        assert client.get(f"{API}/brands/{brand['id']}", headers=owner.headers).status_code == 200
    missing = f"{API}/brands/{uuid.uuid4()}"
    assert client.get(missing, headers=owner.headers).status_code == 404
    job = client.post(
        f"{API}/jobs",
        json={"task_type": "brand.create", "input": {"name": "Queued"}},
        headers=owner.headers,
    ).json()
    deadline = time.monotonic() + 60  # generous deadlines: a loaded machine is slow
    while client.get(f"{API}/jobs/{job['id']}", headers=owner.headers).json()["status"] not in (
        "succeeded",
        "failed",
    ):
        assert time.monotonic() < deadline, "the job never finished"
        time.sleep(0.02)
    client.app.state.metrics.breakers.register("openai", lambda: True)
    client.app.state.metrics.breakers.register("platform.meta", lambda: False)

    samples = scrape(client)
    deadline = time.monotonic() + 60

    def drained(samples: Samples) -> bool:
        # both brand.created events published, and their rows marked sent: the count and the
        # committed mark are not one step, so one scrape can fall between them
        return (
            value(samples, "umt_outbox_published_total") >= 2
            and value(samples, "umt_outbox_pending") == 0
        )

    while not drained(samples):
        assert time.monotonic() < deadline, "the relay never published"
        time.sleep(0.05)
        samples = scrape(client)

    brand_route = "/api/v1/brands/{brand_id}"
    assert (
        value(samples, "umt_http_requests_total", method="POST", route="/api/v1/jobs", status="202")
        == 1
    )
    assert (
        value(samples, "umt_http_requests_total", method="GET", route=brand_route, status="200")
        == 2
    )
    assert (
        value(samples, "umt_http_requests_total", method="GET", route=brand_route, status="404")
        == 1
    )
    assert (
        value(samples, "umt_http_request_duration_seconds_count", method="GET", route=brand_route)
        == 3
    )
    assert (
        value(samples, "umt_http_request_duration_seconds_sum", method="GET", route=brand_route) > 0
    )
    task = {"agent": "brand-project", "task_type": "brand.create"}
    assert value(samples, "umt_agent_tasks_total", outcome="processed", **task) == 1
    assert value(samples, "umt_agent_task_duration_seconds_count", **task) == 1
    for agent in ("brand-project", "auth-integration", "content-creation"):
        assert value(samples, "umt_queue_depth", agent=agent) == 0
    assert value(samples, "umt_outbox_pending") == 0
    assert value(samples, "umt_outbox_oldest_age_seconds") == 0
    # the GETs: one miss (the 404 is a second), one hit
    assert value(samples, "umt_cache_hits_total", cache="brand") == 1
    assert value(samples, "umt_cache_misses_total", cache="brand") == 2
    assert value(samples, "umt_cache_hit_ratio", cache="brand") == pytest.approx(1 / 3)
    assert value(samples, "umt_breaker_open", name="openai") == 1
    assert value(samples, "umt_breaker_open", name="platform.meta") == 0
    in_flight = [v for (n, _), v in samples.items() if n == "umt_agent_in_flight"]
    assert len(in_flight) == 5  # one worker of each agent runs in this process


def test_a_waiting_task_shows_in_the_queue_depth(client: Client) -> None:
    container = client.app.state.container
    broker = container.broker()
    worker = next(w for w in client.app.state.agent_host.workers if w.agent is BRAND_PROJECT)
    client.blocking_portal.call(worker.pause)
    client.blocking_portal.call(broker.publish_task, "brand-project", b"{}")
    assert value(scrape(client), "umt_queue_depth", agent="brand-project") == 1


async def test_worker_metrics_count_retries_failures_and_dead_letters() -> None:
    runtime = Runtime()
    runtime.handle(Flaky, flaky)  # type: ignore[arg-type]  # typed per command
    runtime.handle(Boom, boom)  # type: ignore[arg-type]
    metrics = Metrics()
    try:
        worker = await runtime.start(TEST_AGENT, observer=metrics.observe_task)
        metrics.sources.broker = runtime.broker
        metrics.sources.agents = [TEST_AGENT.name]
        metrics.sources.workers = [worker]
        client = await runtime.requester()
        flaky_task = runtime.task(
            "test.flaky", None, input={"failures": 1, "name": uuid.uuid4().hex}, max_retries=3
        )
        assert (await client.request(TEST_AGENT.name, flaky_task)).status == "ok"
        assert (await client.request(TEST_AGENT.name, runtime.task("test.boom", None))).status == (
            "error"
        )
        unknown = runtime.task("test.nothing", None)  # a client error: answered, not retried
        assert (await client.request(TEST_AGENT.name, unknown)).status == "error"

        port = _free_port()

        async def ready() -> tuple[bool, bytes]:
            return True, b"{}"

        async with probe_server(metrics, ready, "127.0.0.1", port) as bound:
            assert bound == port
            status, text = await _get(port, "/metrics")
            missing, _ = await _get(port, "/other")
    finally:
        await runtime.close()
    assert status == 200
    assert missing == 404
    samples = parse(text)
    agent = TEST_AGENT.name
    flaky_labels = {"agent": agent, "task_type": "test.flaky"}
    assert value(samples, "umt_agent_tasks_total", outcome="retried", **flaky_labels) == 1
    assert value(samples, "umt_agent_tasks_total", outcome="processed", **flaky_labels) == 1
    assert value(samples, "umt_agent_task_duration_seconds_count", **flaky_labels) == 2
    boom_labels = {"agent": agent, "task_type": "test.boom"}
    assert value(samples, "umt_agent_tasks_total", outcome="dead_lettered", **boom_labels) == 1
    unknown_labels = {"agent": agent, "task_type": "test.nothing"}
    assert value(samples, "umt_agent_tasks_total", outcome="failed", **unknown_labels) == 1
    assert value(samples, "umt_queue_depth", agent=agent) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _get(port: int, path: str) -> tuple[int, str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    await writer.drain()
    raw = await reader.read()
    writer.close()
    await writer.wait_closed()
    head, _, body = raw.decode().partition("\r\n\r\n")
    return int(head.split()[1]), body
