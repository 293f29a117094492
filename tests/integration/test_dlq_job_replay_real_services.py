"""A dead-lettered task's job on RabbitMQ and PostgreSQL: failed when dead-lettered,
succeeded once ``umt dlq replay`` put the task back and a worker ran it again, even when the
replay is delivered twice (the in-process scenarios, on the real services)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from tests.support.postgres import throwaway_database
from tests.support.test_agent import TEST_AGENT
from tests.unit.application.agents.harness import Runtime, serve_test_agent
from tests.unit.entrypoints.cli.test_operator_dlq_jobs import replayed_and_succeeded, replayed_twice

from umt.adapters.rabbitmq.broker import RabbitMqBroker
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.job_store import SqlJobStore


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


@pytest.fixture
async def runtime(vhost: str, postgres_url: str) -> AsyncIterator[Runtime]:
    engine = create_engine(postgres_url, pool_size=2)
    runtime = Runtime(broker=await RabbitMqBroker.connect(vhost), jobs=SqlJobStore(engine))
    serve_test_agent(runtime)
    await runtime.start(TEST_AGENT)
    try:
        yield runtime
    finally:
        await runtime.close()
        await engine.dispose()


async def test_a_replayed_dead_letter_succeeds_and_its_job_says_so(runtime: Runtime) -> None:
    await replayed_and_succeeded(runtime)


async def test_a_replay_delivered_twice_reopens_the_job_once(runtime: Runtime) -> None:
    await replayed_twice(runtime)
