"""Request and response bodies of jobs and agents."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.agents.directory import AgentView
from umt.entrypoints.http.schemas.common import Input
from umt.ports.job_store import Job

TaskTypeText = Annotated[str, Meta(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9_.]*$")]


class JobCreate(Input):
    task_type: TaskTypeText
    input: dict[str, Any] = msgspec.field(default_factory=dict)
    priority: Annotated[int, Meta(ge=0, le=9)] = 0
    timeout_seconds: Annotated[int, Meta(ge=1, le=3600)] = 300


class JobError(msgspec.Struct):
    code: str
    message: str
    retryable: bool = False
    details: dict[str, Any] = msgspec.field(default_factory=dict)


class JobOut(msgspec.Struct):
    id: UUID
    agent: str
    task_type: str
    status: str
    result: dict[str, Any] | None
    error: JobError | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    # a long task's progress as it last reported it (done, total, stage, counts); null for
    # a task that reports none
    progress: dict[str, Any] | None = None
    # how often its dead-lettered task was replayed by an operator, and when it last went
    # back to queued for that; the status and outcome are the last run's
    replays: int = 0
    reopened_at: datetime | None = None


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.id,
        agent=job.agent,
        task_type=job.task_type,
        status=job.status.value,
        result=job.result,
        error=msgspec.convert(job.error, JobError) if job.error is not None else None,
        created_at=job.created_at,
        updated_at=job.updated_at,
        finished_at=job.finished_at,
        progress=job.progress,
        replays=job.replays,
        reopened_at=job.reopened_at,
    )


class LoopOut(msgspec.Struct):
    """A background loop beside the agent (the publication ticker): its last tick."""

    last_tick: datetime
    handled: int  # items it handed on in that tick
    lag_seconds: float  # how late the oldest of them was
    counts: dict[str, int]


class InstanceOut(msgspec.Struct):
    instance_id: str
    status: str
    stale: bool
    last_heartbeat: datetime
    in_flight: int
    processed: int
    failed: int
    loops: dict[str, LoopOut] = msgspec.field(default_factory=dict)


class AgentOut(msgspec.Struct):
    name: str
    description: str
    status: str
    load: int
    tasks: list[str]
    event_patterns: list[str]
    instances: list[InstanceOut]


def agent_out(view: AgentView) -> AgentOut:
    return AgentOut(
        name=view.name,
        description=view.description,
        status=view.status,
        load=view.load,
        tasks=view.tasks,
        event_patterns=view.event_patterns,
        instances=[
            InstanceOut(
                instance_id=i.instance_id,
                status=i.status,
                stale=i.stale,
                last_heartbeat=i.last_heartbeat,
                in_flight=i.in_flight,
                processed=i.processed,
                failed=i.failed,
                loops={
                    name: LoopOut(
                        last_tick=beat.last_tick,
                        handled=beat.handled,
                        lag_seconds=beat.lag_seconds,
                        counts=dict(beat.counts),
                    )
                    for name, beat in i.loops.items()
                },
            )
            for i in view.instances
        ],
    )


class AgentList(msgspec.Struct):
    items: list[AgentOut]
