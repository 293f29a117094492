"""Jobs: work handed to an agent over the broker, answered at once with a resource to poll.

The job row is written before the task is published, and the task's message id is the job
id (and its idempotency key), so a job is never run twice and never lost without a trace: if
publishing fails the job is marked failed and the caller is told the broker is unavailable.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from umt.application.agents.catalogue import agent_for_task
from umt.application.agents.errors import TaskNotImplemented
from umt.application.agents.task_payload import encode
from umt.application.messaging.envelope import Header, MessageType, TaskMessage
from umt.application.principal import Principal
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import NotFound
from umt.ports.clock import Clock
from umt.ports.errors import StorageUnavailable
from umt.ports.id_generator import IdGenerator
from umt.ports.job_store import Job, JobStatus, JobStore
from umt.ports.message_broker import MessageBroker
from umt.ports.tracer import TraceIds, Tracer

SENDER = "api"


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitJob:
    task_type: str
    input: dict[str, Any] = field(default_factory=dict)
    priority: int = 0
    timeout_seconds: int = 300
    trace_id: str | None = None


class JobDispatcher:
    def __init__(
        self,
        broker: MessageBroker,
        store: JobStore,
        *,
        clock: Clock,
        ids: IdGenerator,
        tracer: Tracer | None = None,
    ) -> None:
        self._broker = broker
        self._store = store
        self._clock = clock
        self._ids = ids
        self._tracer = tracer

    def _producer(self, agent: str, message_id: str) -> AbstractContextManager[TraceIds | None]:
        if self._tracer is None:
            return nullcontext()
        return self._tracer.producer("send", destination=agent, message_id=message_id)

    async def submit(self, principal: Principal, command: SubmitJob) -> Job:
        # any member may hand work over; the task's own permission is checked next
        principal.require(Permission.ORGANIZATION_READ)
        agent = agent_for_task(command.task_type)
        if agent is None:
            raise TaskNotImplemented(f"no agent serves {command.task_type!r}")
        permission = agent.tasks[command.task_type].permission
        if permission is not None:
            principal.require(permission)
        now = self._clock.now()
        job = Job(
            id=self._ids.new_id(),
            organization_id=principal.organization_id,
            user_id=principal.user_id,
            agent=agent.name,
            task_type=command.task_type,
            status=JobStatus.QUEUED,
            created_at=now,
            updated_at=now,
        )
        await self._store.create(job)
        # a PRODUCER span around the publish; its ids travel in the envelope, so the worker's
        # span joins this trace
        with self._producer(agent.name, str(job.id)) as trace:
            task = TaskMessage(
                header=Header(
                    message_id=job.id,
                    message_type=MessageType.TASK,
                    sender_id=SENDER,
                    timestamp=now,
                    priority=command.priority,
                    trace_id=trace.trace_id if trace else command.trace_id,
                    span_id=trace.span_id if trace else None,
                ),
                task_type=command.task_type,
                payload=encode(command.input, principal, job_id=job.id),
                timeout_seconds=command.timeout_seconds,
                idempotency_key=f"job:{job.id}",
            )
            try:
                await self._broker.publish_task(
                    agent.name, task.to_json(), priority=command.priority
                )
            except Exception as exc:
                error = {"code": "unavailable", "message": "the message broker is unavailable"}
                await self._store.finish(
                    job.id, succeeded=False, result=None, error=error, at=self._clock.now()
                )
                raise StorageUnavailable("the message broker is unavailable") from exc
        return job

    async def get(self, principal: Principal, job_id: UUID) -> Job:
        principal.require(Permission.ORGANIZATION_READ)
        job = await self._store.get(principal.organization_id, job_id)
        if job is None:
            raise NotFound(f"job {job_id} not found")
        return job
