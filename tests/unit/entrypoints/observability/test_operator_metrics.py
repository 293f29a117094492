"""The metrics the alerts and dashboards of deploy/ need beyond the basics: generation cost and
budget refusals, the age of tasks when their queue hands them over, the events the relay
published by type, and the agents' live and stale instances."""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy.pool import NullPool, QueuePool
from tests.contracts.test_generation_usage import NOW, entry
from tests.unit.entrypoints.http.helpers import API, register, running_client
from tests.unit.entrypoints.observability.test_metrics import Client, Samples, scrape, value

from umt.adapters.memory.generation_usage import InMemoryGenerationUsage
from umt.application.agents.observer import TaskOutcome
from umt.domain.content.budget import GenerationBudget, MonthWindow
from umt.domain.shared.ids import OrganizationId
from umt.entrypoints.observability.generation import GenerationMetrics, MeteredGenerationUsage
from umt.entrypoints.observability.metrics import Metrics

ORGANIZATION = OrganizationId(uuid.uuid4())


def _sample(registry: CollectorRegistry, name: str, **labels: str) -> float:
    found = registry.get_sample_value(name, labels)
    return 0.0 if found is None else found


async def test_the_metered_ledger_counts_calls_tokens_cost_and_refusals() -> None:
    registry = CollectorRegistry()
    ledger = InMemoryGenerationUsage()
    metered = MeteredGenerationUsage(ledger, GenerationMetrics(registry))
    window = MonthWindow.containing(NOW)
    budget = GenerationBudget(token_limit=200)

    estimate = entry(ORGANIZATION, model="gpt-test")
    granted = await metered.reserve(
        estimate, budget=budget, window=window, now=NOW, hold_until=NOW + timedelta(minutes=5)
    )
    assert granted.granted
    assert _sample(registry, "umt_generation_calls_total", model="gpt-test", cached="false") == 0
    await metered.settle(
        entry(
            ORGANIZATION, model="gpt-test", tokens=(120, 80), cost=2_500_000, entry_id=estimate.id
        )
    )
    await metered.record(entry(ORGANIZATION, model="gpt-test", cached=True, tokens=(0, 0), cost=0))

    assert _sample(registry, "umt_generation_calls_total", model="gpt-test", cached="false") == 1
    assert _sample(registry, "umt_generation_calls_total", model="gpt-test", cached="true") == 1
    assert (
        _sample(registry, "umt_generation_tokens_total", model="gpt-test", direction="input") == 120
    )
    assert (
        _sample(registry, "umt_generation_tokens_total", model="gpt-test", direction="output") == 80
    )
    assert _sample(registry, "umt_generation_cost_dollars_total", model="gpt-test") == 2.5
    # the ledger itself holds what was delegated to it
    assert (await metered.totals(ORGANIZATION, window)).tokens == 200

    refused = await metered.reserve(
        entry(ORGANIZATION, model="gpt-test"),
        budget=budget,
        window=window,
        now=NOW,
        hold_until=NOW + timedelta(minutes=5),
    )
    assert not refused.granted
    assert _sample(registry, "umt_generation_budget_exhausted_total", limit="tokens") == 1
    assert _sample(registry, "umt_generation_calls_total", model="gpt-test", cached="false") == 1


def test_the_wait_of_a_task_is_a_histogram_per_agent() -> None:
    metrics = Metrics()
    metrics.observe_task(
        "brand-project", "brand.create", TaskOutcome.PROCESSED, 0.01, waited_seconds=42.0
    )
    metrics.observe_task(
        "brand-project", "brand.get", TaskOutcome.PROCESSED, 0.01, waited_seconds=0.2
    )
    metrics.observe_task("brand-project", "brand.get", TaskOutcome.PROCESSED, 0.01)
    registry = metrics.registry
    labels = {"agent": "brand-project"}
    assert registry.get_sample_value("umt_agent_task_wait_seconds_count", labels) == 2
    assert registry.get_sample_value("umt_agent_task_wait_seconds_sum", labels) == pytest.approx(
        42.2
    )
    assert (
        registry.get_sample_value("umt_agent_task_wait_seconds_bucket", labels | {"le": "60.0"})
        == 2
    )
    assert (
        registry.get_sample_value("umt_agent_task_wait_seconds_bucket", labels | {"le": "30.0"})
        == 1
    )


@pytest.fixture
def client(tmp_path: Path) -> Any:
    with running_client(tmp_path) as test_client:
        yield test_client


def _eventually(client: Client, ready: Any) -> Samples:
    deadline = time.monotonic() + 60  # generous: a loaded machine is slow
    samples = scrape(client)
    while not ready(samples):
        assert time.monotonic() < deadline, "the metric never showed"
        time.sleep(0.05)
        samples = scrape(client)
    return samples


def _sample_or_zero(samples: Samples, metric: str, **labels: str) -> float:
    return samples.get((metric, frozenset(labels.items())), 0.0)


def test_the_app_exports_events_by_type_task_waits_and_live_instances(client: Client) -> None:
    owner = register(client, organization_name="Observed")
    job = client.post(
        f"{API}/jobs",
        json={"task_type": "brand.create", "input": {"name": "Waited"}},
        headers=owner.headers,
    )
    assert job.status_code == 202

    samples = _eventually(
        client,
        lambda s: (
            _sample_or_zero(s, "umt_outbox_events_published_total", event_type="brand.created") >= 1
            and _sample_or_zero(s, "umt_agent_task_wait_seconds_count", agent="brand-project") >= 1
            and _sample_or_zero(s, "umt_agent_instances", agent="brand-project", state="live") >= 1
        ),
    )
    assert (
        value(
            samples, "umt_outbox_events_published_total", event_type="identity.organization_created"
        )
        >= 1
    )
    # one in-process instance of each agent, none stale
    for agent in ("auth-integration", "brand-project", "content-ad-management"):
        assert value(samples, "umt_agent_instances", agent=agent, state="stale") == 0


def test_the_write_pool_shows_its_connections_in_use_and_idle() -> None:
    metrics = Metrics()
    pool = QueuePool(lambda: sqlite3.connect(":memory:"), pool_size=4, max_overflow=0)
    metrics.pools.watch("write", pool)
    metrics.pools.watch("unpooled", NullPool(lambda: sqlite3.connect(":memory:")))
    first, second = pool.connect(), pool.connect()
    second.close()  # back to the pool: idle
    registry = metrics.registry
    try:
        in_use = {"pool": "write", "state": "in_use"}
        assert registry.get_sample_value("umt_database_connections", in_use) == 1
        idle = {"pool": "write", "state": "idle"}
        assert registry.get_sample_value("umt_database_connections", idle) == 1
        assert registry.get_sample_value("umt_database_pool_size", {"pool": "write"}) == 4
        assert registry.get_sample_value("umt_database_pool_size", {"pool": "unpooled"}) is None
    finally:
        first.close()
        pool.dispose()
