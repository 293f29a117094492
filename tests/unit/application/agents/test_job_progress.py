"""JobProgress: reports reach the job the task runs for, no more often than the interval
(the final one always), and nowhere outside a job."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.system.clock import SystemClock
from umt.application.agents.progress import JobProgress, running_job
from umt.ports.job_store import Job, JobStatus

T0 = datetime(2026, 12, 7, 9, tzinfo=UTC)


async def a_running_job(store: InMemoryJobStore) -> Job:
    job = Job(
        id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        agent="content-strategy",
        task_type="research.crawl",
        status=JobStatus.QUEUED,
        created_at=T0,
        updated_at=T0,
    )
    await store.create(job)
    await store.mark_running(job.id, T0)
    return job


async def test_reports_reach_the_running_job_at_most_once_per_interval() -> None:
    store = InMemoryJobStore()
    job = await a_running_job(store)
    progress = JobProgress(store, SystemClock(), interval_seconds=3600)
    with running_job(job.id):
        await progress.report(done=1, total=10, stage="pages", failed=0)
        await progress.report(done=2, total=10, stage="pages", failed=0)  # within the interval
        first = await store.get(job.organization_id, job.id)
        await progress.report(done=10, total=10, stage="done", failed=1, final=True)
    last = await store.get(job.organization_id, job.id)
    assert first is not None
    assert first.progress == {"done": 1, "total": 10, "stage": "pages", "failed": 0}
    assert last is not None
    assert last.progress == {"done": 10, "total": 10, "stage": "done", "failed": 1}


async def test_outside_a_job_nothing_is_reported() -> None:
    store = InMemoryJobStore()
    job = await a_running_job(store)
    progress = JobProgress(store, SystemClock(), interval_seconds=0)
    await progress.report(done=1, total=1, final=True)
    with running_job(None):
        await progress.report(done=1, total=1, final=True)
    stored = await store.get(job.organization_id, job.id)
    assert stored is not None
    assert stored.progress is None
