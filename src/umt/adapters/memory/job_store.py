"""Jobs in memory: the embedded default when everything runs in one process."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from umt.ports.job_store import Job, JobQuery, JobStatus, JobStore

_FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class InMemoryJobStore(JobStore):
    def __init__(self) -> None:
        self._jobs: dict[UUID, Job] = {}

    async def create(self, job: Job) -> None:
        self._jobs[job.id] = job

    async def get(self, organization_id: UUID, job_id: UUID) -> Job | None:
        job = self._jobs.get(job_id)
        return job if job is not None and job.organization_id == organization_id else None

    async def mark_running(self, job_id: UUID, at: datetime) -> None:
        job = self._jobs.get(job_id)
        if job is not None and job.status is JobStatus.QUEUED:
            self._jobs[job_id] = replace(job, status=JobStatus.RUNNING, updated_at=at)

    async def report_progress(self, job_id: UUID, progress: dict[str, Any], at: datetime) -> None:
        job = self._jobs.get(job_id)
        if job is not None and job.status not in _FINISHED:
            self._jobs[job_id] = replace(job, progress=dict(progress), updated_at=at)

    async def finish(
        self,
        job_id: UUID,
        *,
        succeeded: bool,
        result: dict[str, Any] | None,
        error: dict[str, Any] | None,
        at: datetime,
    ) -> None:
        job = self._jobs.get(job_id)
        if job is None or job.status in _FINISHED:
            return
        self._jobs[job_id] = replace(
            job,
            status=JobStatus.SUCCEEDED if succeeded else JobStatus.FAILED,
            result=result,
            error=error,
            updated_at=at,
            finished_at=at,
        )

    async def reopen(self, job_id: UUID, at: datetime) -> bool:
        job = self._jobs.get(job_id)
        if job is None or job.status is not JobStatus.FAILED:
            return False
        self._jobs[job_id] = replace(
            job,
            status=JobStatus.QUEUED,
            result=None,
            error=None,
            finished_at=None,
            progress=None,
            replays=job.replays + 1,
            reopened_at=at,
            updated_at=at,
        )
        return True

    async def recent(self, query: JobQuery) -> list[Job]:
        matching = [
            job
            for job in self._jobs.values()
            if query.organization_id in (None, job.organization_id)
            and query.agent in (None, job.agent)
            and query.status in (None, job.status)
        ]
        matching.sort(key=lambda job: (job.created_at, job.id), reverse=True)
        return matching[: query.limit]

    async def find(self, job_id: UUID) -> Job | None:
        return self._jobs.get(job_id)
