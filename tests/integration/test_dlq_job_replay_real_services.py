"""A dead-lettered task's job on RabbitMQ and PostgreSQL: failed when dead-lettered,
succeeded once ``umt dlq replay`` put the task back and a worker ran it again, even when the
replay is delivered twice."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from tests.support.postgres import throwaway_database
from tests.support.test_agent import TEST_AGENT
from tests.unit.application.agents.harness import Runtime, eventually, serve_test_agent
from tests.unit.entrypoints.cli.test_operator_dlq_jobs import (
    WITHIN,
    dead_letters,
    job_reads,
    replay_all,
    submitted,
)

from umt.adapters.rabbitmq.broker import RabbitMqBroker
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.job_store import SqlJobStore
from umt.ports.job_store import JobStatus


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
    job = await submitted(runtime, failures=1)
    await dead_letters(runtime, 1)
    failed = await job_reads(runtime, job, JobStatus.FAILED)

    await replay_all(runtime)

    succeeded = await job_reads(runtime, job, JobStatus.SUCCEEDED)
    assert (failed.replays, failed.error is not None) == (0, True)
    assert (succeeded.replays, succeeded.error, succeeded.result) == (1, None, {"calls": 2})
    assert succeeded.reopened_at is not None


async def test_a_replay_delivered_twice_reopens_the_job_once(runtime: Runtime) -> None:
    job = await submitted(runtime, failures=2, deliveries=2)
    await dead_letters(runtime, 2)
    await job_reads(runtime, job, JobStatus.FAILED)

    await replay_all(runtime)
    await eventually(
        lambda: sum(worker.counters.processed for worker in runtime.workers) == 2, within=WITHIN
    )

    final = await job_reads(runtime, job, JobStatus.SUCCEEDED)
    assert final.replays == 1
