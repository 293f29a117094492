"""Jobs in the database, shared by the HTTP service and every worker."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update

from umt.adapters.sql.asyncio_package import AsyncEngine
from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.shared.tables import jobs
from umt.ports.job_store import Job, JobQuery, JobStatus, JobStore

_FINISHED = (JobStatus.SUCCEEDED.value, JobStatus.FAILED.value)


class SqlJobStore(JobStore):
    """Each call is one autocommitted statement: job bookkeeping is not part of the task's
    transaction (a failed task still records its failure)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def create(self, job: Job) -> None:
        await self._run(
            insert(jobs).values(
                id=job.id,
                organization_id=job.organization_id,
                user_id=job.user_id,
                agent=job.agent,
                task_type=job.task_type,
                status=job.status.value,
                result=job.result,
                error=job.error,
                created_at=job.created_at,
                updated_at=job.updated_at,
                finished_at=job.finished_at,
                progress=job.progress,
                replays=job.replays,
                reopened_at=job.reopened_at,
            )
        )

    async def get(self, organization_id: UUID, job_id: UUID) -> Job | None:
        found = await self._select(
            select(jobs).where(jobs.c.id == job_id, jobs.c.organization_id == organization_id)
        )
        return found[0] if found else None

    async def find(self, job_id: UUID) -> Job | None:
        found = await self._select(select(jobs).where(jobs.c.id == job_id))
        return found[0] if found else None

    async def recent(self, query: JobQuery) -> list[Job]:
        statement = select(jobs)
        if query.organization_id is not None:  # ix_jobs_organization_created serves it
            statement = statement.where(jobs.c.organization_id == query.organization_id)
        if query.agent is not None:
            statement = statement.where(jobs.c.agent == query.agent)
        if query.status is not None:
            statement = statement.where(jobs.c.status == query.status.value)
        return await self._select(
            statement.order_by(jobs.c.created_at.desc(), jobs.c.id.desc()).limit(query.limit)
        )

    async def _select(self, statement: Any) -> list[Job]:
        async with translate_errors("reading jobs"), self._engine.connect() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return [Job(**{**row, "status": JobStatus(row["status"])}) for row in rows]

    async def mark_running(self, job_id: UUID, at: datetime) -> None:
        await self._run(
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.status == JobStatus.QUEUED.value)
            .values(status=JobStatus.RUNNING.value, updated_at=at)
        )

    async def report_progress(self, job_id: UUID, progress: dict[str, Any], at: datetime) -> None:
        await self._run(
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.status.not_in(_FINISHED))
            .values(progress=progress, updated_at=at)
        )

    async def finish(
        self,
        job_id: UUID,
        *,
        succeeded: bool,
        result: dict[str, Any] | None,
        error: dict[str, Any] | None,
        at: datetime,
    ) -> None:
        status = JobStatus.SUCCEEDED if succeeded else JobStatus.FAILED
        await self._run(
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.status.not_in(_FINISHED))
            .values(status=status.value, result=result, error=error, updated_at=at, finished_at=at)
        )

    async def reopen(self, job_id: UUID, at: datetime) -> bool:
        # one guarded UPDATE: of two deliveries of a replay racing here, one reopens
        return (
            await self._run(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.status == JobStatus.FAILED.value)
                .values(
                    status=JobStatus.QUEUED.value,
                    result=None,
                    error=None,
                    finished_at=None,
                    progress=None,
                    replays=jobs.c.replays + 1,
                    reopened_at=at,
                    updated_at=at,
                )
            )
            == 1
        )

    async def _run(self, statement: Any) -> int:
        """Runs ``statement`` in its own transaction; the number of rows it touched."""
        async with translate_errors("writing a job"), self._engine.begin() as connection:
            return int((await connection.execute(statement)).rowcount)
