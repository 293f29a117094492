"""``platform.jobs``: work handed to the agents (as /api/v1/jobs)."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from umt.application.agents.jobs import JobDispatcher, SubmitJob
from umt.application.read_models import detached
from umt.entrypoints.library.session import Session
from umt.ports.job_store import Job, JobStatus


class JobsApi:
    """Work handed to the agents (on the embedded default they run inside this process).
    A ``Job`` is already a frozen read model; each one returned is a copy, so changing its
    ``result`` changes no stored job."""

    def __init__(self, dispatcher: JobDispatcher) -> None:
        self._dispatcher = dispatcher

    async def submit(
        self,
        session: Session,
        task_type: str,
        *,
        priority: int = 0,
        timeout_seconds: int = 300,
        **command_input: Any,
    ) -> Job:
        """Hand ``task_type`` to the agent that serves it; returns the queued job."""
        job = await self._dispatcher.submit(
            session.principal,
            SubmitJob(
                task_type=task_type,
                input=command_input,
                priority=priority,
                timeout_seconds=timeout_seconds,
            ),
        )
        return detached(job)

    async def get(self, session: Session, job_id: UUID) -> Job:
        return detached(await self._dispatcher.get(session.principal, job_id))

    async def wait(self, session: Session, job_id: UUID, *, within: float = 30.0) -> Job:
        """The job once it succeeded or failed; TimeoutError after ``within`` seconds."""
        async with asyncio.timeout(within):
            while True:
                job = await self.get(session, job_id)
                if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                    return job
                await asyncio.sleep(0.02)
