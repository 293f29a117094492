"""``umt dlq replay`` and the job of the replayed task: dead-lettered, the job reads failed;
replayed, it goes back to queued and records the replay's own outcome."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from tests.support.test_agent import TEST_AGENT
from tests.unit.application.agents.harness import Runtime, eventually, serve_test_agent
from tests.unit.entrypoints.cli.test_operator_dlq import Answer

from umt.application.agents.task_payload import encode
from umt.application.messaging.envelope import Header, MessageType, TaskMessage
from umt.entrypoints.operator.dlq import run_dlq
from umt.ports.job_store import Job, JobStatus

WITHIN = 30.0
AGENT = TEST_AGENT.name


@pytest.fixture
async def runtime() -> AsyncIterator[Runtime]:
    runtime = Runtime()
    serve_test_agent(runtime)
    await runtime.start(TEST_AGENT)
    yield runtime
    await runtime.close()


async def submitted(runtime: Runtime, *, failures: int, deliveries: int = 1) -> Job:
    """A job whose ``test.flaky`` task fails its first ``failures`` runs, with no retries:
    each failed run is dead-lettered at once. ``deliveries`` > 1 publishes the same task
    again (the broker's at-least-once)."""
    now = datetime.now(UTC)
    job = Job(
        id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        agent=AGENT,
        task_type="test.flaky",
        status=JobStatus.QUEUED,
        created_at=now,
        updated_at=now,
    )
    await runtime.jobs.create(job)
    task = TaskMessage(
        header=Header(
            message_id=job.id, message_type=MessageType.TASK, sender_id="api", timestamp=now
        ),
        task_type="test.flaky",
        payload=encode({"failures": failures, "name": f"replay-{job.id}"}, None, job_id=job.id),
        max_retries=0,
        idempotency_key=f"job:{job.id}",
    )
    for _ in range(deliveries):
        await runtime.broker.publish_task(AGENT, task.to_json())
    return job


async def dead_letters(runtime: Runtime, count: int) -> None:
    async def enough() -> bool:
        return len(await runtime.broker.dead_letters(AGENT)) == count

    await eventually(enough, within=WITHIN)


async def replay_all(runtime: Runtime) -> None:
    # the parsed arguments of `umt dlq replay --all --agent test-agent --json` (the parser
    # offers the product's agents only)
    args = argparse.Namespace(dlq_command="replay", agent=AGENT, ids=[], all=True, json=True)
    answer = Answer()
    assert await run_dlq(runtime.broker, args, answer.output) == 0
    assert answer.document()["left"] == []


async def job_reads(runtime: Runtime, job: Job, status: JobStatus) -> Job:
    async def done() -> bool:
        found = await runtime.jobs.find(job.id)
        return found is not None and found.status is status

    await eventually(done, within=WITHIN)
    found = await runtime.jobs.find(job.id)
    assert found is not None
    return found


async def replayed_and_succeeded(runtime: Runtime) -> None:
    """Dead-lettered (job failed), replayed, run again and succeeded (job succeeded)."""
    job = await submitted(runtime, failures=1)
    await dead_letters(runtime, 1)
    failed = await job_reads(runtime, job, JobStatus.FAILED)

    await replay_all(runtime)

    succeeded = await job_reads(runtime, job, JobStatus.SUCCEEDED)
    assert (failed.replays, failed.error is not None) == (0, True)
    assert (succeeded.replays, succeeded.error, succeeded.result) == (1, None, {"calls": 2})
    assert succeeded.reopened_at is not None
    assert succeeded.finished_at is not None
    assert succeeded.finished_at >= succeeded.reopened_at
    assert await runtime.broker.dead_letters(AGENT) == []


async def replayed_twice(runtime: Runtime) -> None:
    """The task was delivered twice and both deliveries were dead-lettered: replaying both
    is a replay delivered twice; whatever their order, the job reopens once and succeeds."""
    job = await submitted(runtime, failures=2, deliveries=2)
    await dead_letters(runtime, 2)
    await job_reads(runtime, job, JobStatus.FAILED)

    await replay_all(runtime)
    await eventually(  # both replays ran and were acknowledged
        lambda: sum(worker.counters.processed for worker in runtime.workers) == 2, within=WITHIN
    )

    final = await job_reads(runtime, job, JobStatus.SUCCEEDED)
    assert final.replays == 1
    assert final.result is not None
    assert final.result["calls"] >= 3


async def test_a_replayed_dead_letter_that_succeeds_marks_its_job_succeeded(
    runtime: Runtime,
) -> None:
    await replayed_and_succeeded(runtime)


async def test_a_replay_that_fails_again_fails_the_job_again_and_can_be_replayed(
    runtime: Runtime,
) -> None:
    job = await submitted(runtime, failures=2)
    await dead_letters(runtime, 1)
    await job_reads(runtime, job, JobStatus.FAILED)

    await replay_all(runtime)
    await dead_letters(runtime, 1)  # the replay failed: a dead letter again
    again = await job_reads(runtime, job, JobStatus.FAILED)
    await replay_all(runtime)
    succeeded = await job_reads(runtime, job, JobStatus.SUCCEEDED)

    assert (again.replays, again.error is not None) == (1, True)
    assert (succeeded.replays, succeeded.result) == (2, {"calls": 3})


async def test_a_replay_delivered_twice_leaves_the_job_succeeded_once(
    runtime: Runtime,
) -> None:
    await replayed_twice(runtime)
