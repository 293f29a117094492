"""Contract of the JobStore port, run against memory, SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from src.umt.adapters.sql.shared.job_store import SqlJobStore
from tests.contracts.builders import T0

from umt.adapters.memory.job_store import InMemoryJobStore
from umt.ports.job_store import Job, JobQuery, JobStatus, JobStore

STARTED = T0 + timedelta(seconds=1)
ENDED = T0 + timedelta(seconds=2, microseconds=7)
LATER = T0 + timedelta(seconds=3)


@pytest.fixture
def jobs(sql_engine: AsyncEngine | None) -> JobStore:
    return InMemoryJobStore() if sql_engine is None else SqlJobStore(sql_engine)


def queued(organization_id: uuid.UUID | None = None) -> Job:
    return Job(
        id=uuid.uuid4(),
        organization_id=organization_id or uuid.uuid4(),
        user_id=uuid.uuid4(),
        agent="brand-project",
        task_type="brand.create",
        status=JobStatus.QUEUED,
        created_at=T0,
        updated_at=T0,
    )


async def stored(jobs: JobStore, job: Job) -> Job:
    found = await jobs.get(job.organization_id, job.id)
    assert found is not None
    return found


class TestJobStore:
    async def test_a_created_job_reads_back_unchanged(self, jobs: JobStore) -> None:
        job = queued()
        await jobs.create(job)

        found = await stored(jobs, job)

        assert found == job
        assert found.created_at.utcoffset() == timedelta(0)
        assert found.created_at == T0  # microseconds kept

    async def test_another_organization_or_an_unknown_id_finds_nothing(
        self, jobs: JobStore
    ) -> None:
        job = queued()
        await jobs.create(job)

        assert await jobs.get(uuid.uuid4(), job.id) is None
        assert await jobs.get(job.organization_id, uuid.uuid4()) is None

    async def test_a_queued_job_starts_running(self, jobs: JobStore) -> None:
        job = queued()
        await jobs.create(job)

        await jobs.mark_running(job.id, STARTED)

        assert await stored(jobs, job) == replace(job, status=JobStatus.RUNNING, updated_at=STARTED)

    async def test_a_success_records_its_result_once(self, jobs: JobStore) -> None:
        job = queued()
        await jobs.create(job)
        await jobs.mark_running(job.id, STARTED)
        result = {"brand": {"id": str(uuid.uuid4()), "tags": ["a", "ü"], "n": 3, "x": None}}

        await jobs.finish(job.id, succeeded=True, result=result, error=None, at=ENDED)
        await jobs.finish(job.id, succeeded=False, result=None, error={"code": "x"}, at=LATER)

        assert await stored(jobs, job) == replace(
            job,
            status=JobStatus.SUCCEEDED,
            result=result,
            updated_at=ENDED,
            finished_at=ENDED,
        )

    async def test_a_running_job_reports_progress_until_it_finishes(self, jobs: JobStore) -> None:
        job = queued()
        await jobs.create(job)
        await jobs.mark_running(job.id, STARTED)
        progress = {"done": 3, "total": 10, "stage": "pages", "failed": 1}

        await jobs.report_progress(job.id, {"done": 1, "total": None, "stage": "sources"}, STARTED)
        await jobs.report_progress(job.id, progress, ENDED)
        running = await stored(jobs, job)
        await jobs.finish(job.id, succeeded=True, result={}, error=None, at=ENDED)
        await jobs.report_progress(job.id, {"done": 9}, LATER)  # too late: finished
        await jobs.report_progress(uuid.uuid4(), {"done": 9}, LATER)  # nobody's

        assert running == replace(
            job, status=JobStatus.RUNNING, progress=progress, updated_at=ENDED
        )
        assert (await stored(jobs, job)).progress == progress

    async def test_a_failure_records_its_error(self, jobs: JobStore) -> None:
        job = queued()
        await jobs.create(job)
        error = {"code": "validation_failed", "errors": [{"field": "name", "message": "empty"}]}

        await jobs.finish(job.id, succeeded=False, result=None, error=error, at=ENDED)

        assert await stored(jobs, job) == replace(
            job, status=JobStatus.FAILED, error=error, updated_at=ENDED, finished_at=ENDED
        )

    async def test_a_late_start_leaves_a_finished_job_finished(self, jobs: JobStore) -> None:
        job = queued()
        await jobs.create(job)
        await jobs.finish(job.id, succeeded=True, result={}, error=None, at=ENDED)

        await jobs.mark_running(job.id, LATER)  # a duplicate delivery, after the fact

        found = await stored(jobs, job)
        assert found.status is JobStatus.SUCCEEDED
        assert found.updated_at == ENDED

    async def test_jobs_are_kept_apart(self, jobs: JobStore) -> None:
        first, second = queued(), queued()
        await jobs.create(first)
        await jobs.create(second)

        await jobs.finish(first.id, succeeded=True, result={"ok": True}, error=None, at=ENDED)

        assert await stored(jobs, second) == second

    async def test_an_unknown_job_is_neither_started_nor_finished(self, jobs: JobStore) -> None:
        ghost = queued()

        await jobs.mark_running(ghost.id, STARTED)
        await jobs.finish(ghost.id, succeeded=True, result={}, error=None, at=ENDED)

        assert await jobs.get(ghost.organization_id, ghost.id) is None


class TestOperatorView:
    async def test_recent_jobs_newest_first_across_organizations(self, jobs: JobStore) -> None:
        first, second = queued(), queued()
        third = replace(queued(), created_at=T0 + timedelta(minutes=2), agent="content-creation")
        second = replace(second, created_at=T0 + timedelta(minutes=1))
        for job in (first, third, second):
            await jobs.create(job)

        everything = await jobs.recent(JobQuery())
        newest_two = await jobs.recent(JobQuery(limit=2))

        assert [j.id for j in everything] == [third.id, second.id, first.id]
        assert [j.id for j in newest_two] == [third.id, second.id]

    async def test_recent_jobs_filtered_by_organization_agent_and_status(
        self, jobs: JobStore
    ) -> None:
        mine = queued()
        other_agent = replace(queued(mine.organization_id), agent="content-creation")
        elsewhere = queued()
        for job in (mine, other_agent, elsewhere):
            await jobs.create(job)
        await jobs.finish(mine.id, succeeded=False, result=None, error={"code": "x"}, at=ENDED)

        in_mine = await jobs.recent(JobQuery(organization_id=mine.organization_id))
        creation = await jobs.recent(JobQuery(agent="content-creation"))
        failed = await jobs.recent(JobQuery(status=JobStatus.FAILED))

        assert {j.id for j in in_mine} == {mine.id, other_agent.id}
        assert [j.id for j in creation] == [other_agent.id]
        assert [(j.id, j.error) for j in failed] == [(mine.id, {"code": "x"})]
        assert await jobs.recent(JobQuery(agent="nobody")) == []

    async def test_find_reads_a_job_of_any_organization(self, jobs: JobStore) -> None:
        job = queued()
        await jobs.create(job)

        assert await jobs.find(job.id) == job
        assert await jobs.find(uuid.uuid4()) is None


class TestReopenForAReplay:
    """A dead-lettered task's failed job goes back to queued when a replay of it runs."""

    async def failed(self, jobs: JobStore) -> Job:
        job = queued()
        await jobs.create(job)
        await jobs.mark_running(job.id, STARTED)
        await jobs.finish(job.id, succeeded=False, result=None, error={"code": "x"}, at=ENDED)
        return job

    async def test_a_failed_job_reopens_and_keeps_count(self, jobs: JobStore) -> None:
        job = await self.failed(jobs)
        await jobs.report_progress(job.id, {"done": 1}, ENDED)  # finished: ignored

        assert await jobs.reopen(job.id, LATER) is True

        assert await stored(jobs, job) == replace(
            job, status=JobStatus.QUEUED, updated_at=LATER, replays=1, reopened_at=LATER
        )

    async def test_the_replay_records_its_own_outcome(self, jobs: JobStore) -> None:
        job = await self.failed(jobs)
        await jobs.reopen(job.id, LATER)
        done = LATER + timedelta(seconds=1)

        await jobs.mark_running(job.id, LATER)
        await jobs.finish(job.id, succeeded=True, result={"ok": 1}, error=None, at=done)

        assert await stored(jobs, job) == replace(
            job,
            status=JobStatus.SUCCEEDED,
            result={"ok": 1},
            updated_at=done,
            finished_at=done,
            replays=1,
            reopened_at=LATER,
        )

    async def test_a_second_delivery_of_the_replay_reopens_nothing(self, jobs: JobStore) -> None:
        job = await self.failed(jobs)
        await jobs.reopen(job.id, LATER)
        queued_again = await stored(jobs, job)
        again = LATER + timedelta(seconds=1)

        assert await jobs.reopen(job.id, again) is False  # queued
        await jobs.mark_running(job.id, again)
        assert await jobs.reopen(job.id, again) is False  # running
        await jobs.finish(job.id, succeeded=True, result={}, error=None, at=again)
        assert await jobs.reopen(job.id, again) is False  # succeeded

        final = await stored(jobs, job)
        assert (final.status, final.replays, final.reopened_at) == (
            JobStatus.SUCCEEDED,
            1,
            LATER,
        )
        assert queued_again.status is JobStatus.QUEUED

    async def test_a_replay_that_fails_again_can_be_replayed_again(self, jobs: JobStore) -> None:
        job = await self.failed(jobs)
        second = LATER + timedelta(seconds=1)
        await jobs.reopen(job.id, LATER)
        await jobs.finish(job.id, succeeded=False, result=None, error={"code": "y"}, at=LATER)

        assert await jobs.reopen(job.id, second) is True

        found = await stored(jobs, job)
        assert (found.status, found.error, found.replays, found.reopened_at) == (
            JobStatus.QUEUED,
            None,
            2,
            second,
        )

    async def test_a_queued_or_unknown_job_is_never_reopened(self, jobs: JobStore) -> None:
        job = queued()
        await jobs.create(job)

        assert await jobs.reopen(job.id, LATER) is False
        assert await jobs.reopen(uuid.uuid4(), LATER) is False
        assert await stored(jobs, job) == job
