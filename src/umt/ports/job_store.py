"""The JobStore port: work handed to an agent, and how it ended, for the job resource."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    id: UUID
    organization_id: UUID
    user_id: UUID
    agent: str
    task_type: str
    status: JobStatus
    created_at: datetime
    updated_at: datetime
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    finished_at: datetime | None = None
    # how far a long task has come (``done``, ``total``, ``stage`` and the task's counts),
    # as its handler last reported it; None for a task that reports none
    progress: dict[str, Any] | None = None
    # how often its dead-lettered task was replayed (``umt dlq replay``) and ran again, and
    # when last: a job that failed, was reopened and then succeeded says so
    replays: int = 0
    reopened_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class JobQuery:
    """Which jobs an operator lists (``umt jobs list``): newest first, at most ``limit``."""

    organization_id: UUID | None = None  # None: every organization
    agent: str | None = None
    status: JobStatus | None = None
    limit: int = 50


class JobStore(Protocol):
    async def create(self, job: Job) -> None: ...

    async def get(self, organization_id: UUID, job_id: UUID) -> Job | None:
        """The job if it exists in that organization, else None."""
        ...

    async def mark_running(self, job_id: UUID, at: datetime) -> None:
        """Queued → running; a finished job stays finished (a late duplicate delivery)."""
        ...

    async def report_progress(self, job_id: UUID, progress: dict[str, Any], at: datetime) -> None:
        """Replace a running job's progress; a finished (or unknown) job is left as it is."""
        ...

    async def finish(
        self,
        job_id: UUID,
        *,
        succeeded: bool,
        result: dict[str, Any] | None,
        error: dict[str, Any] | None,
        at: datetime,
    ) -> None:
        """Record the outcome once: a finished job is never finished again."""
        ...

    async def reopen(self, job_id: UUID, at: datetime) -> bool:
        """Failed → queued, for a replay of its dead-lettered task about to run: ``replays``
        one higher, ``reopened_at`` set, the old outcome (result, error, ``finished_at``)
        cleared so the replay's own is recorded by ``finish``. Any other job (queued, running,
        succeeded, unknown) is left as it is: a duplicate delivery of a replay already
        running or done reopens nothing. True when this call reopened the job."""
        ...

    async def recent(self, query: JobQuery) -> list[Job]:
        """The newest jobs matching ``query`` (``created_at`` descending, then id), across
        organizations unless it names one: the operator's view, never a tenant's."""
        ...

    async def find(self, job_id: UUID) -> Job | None:
        """The job with that id in any organization: the operator's view (``umt jobs
        show``); a tenant reads its own with ``get``."""
        ...
