"""A whole agent runtime in one process: the in-process broker, memory stores, real workers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.support.services import in_memory_services
from tests.support.test_agent import TEST_HANDLERS

from umt.adapters.memory.broker import InProcessBroker
from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryMessageInbox, InMemoryUnitOfWork
from umt.adapters.system.clock import SystemClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.agents.definition import AgentDefinition
from umt.application.agents.execution import TaskExecutor
from umt.application.agents.task_payload import encode
from umt.application.agents.worker import AgentWorker
from umt.application.audit.entries import entry_for_event
from umt.application.bus import Handler, MessageBus
from umt.application.handlers import HANDLERS
from umt.application.messaging.envelope import Header, MessageType, TaskMessage
from umt.application.messaging.request_reply import RequestReply
from umt.application.principal import Principal
from umt.application.services import Services
from umt.ports.job_store import JobStore
from umt.ports.message_broker import MessageBroker


def services(store: InMemoryStore, clock: SystemClock) -> Services:
    return in_memory_services(store, clock)


@dataclass
class Runtime:
    broker: MessageBroker = field(default_factory=InProcessBroker)
    store: InMemoryStore = field(default_factory=InMemoryStore)
    idempotency: InMemoryIdempotencyStore = field(default_factory=InMemoryIdempotencyStore)
    jobs: JobStore = field(default_factory=InMemoryJobStore)
    clock: SystemClock = field(default_factory=SystemClock)
    ids: UuidV7Generator = field(default_factory=UuidV7Generator)
    extra_handlers: dict[type, Handler] = field(default_factory=dict)
    workers: list[AgentWorker] = field(default_factory=list)
    client: RequestReply | None = None

    def __post_init__(self) -> None:
        self.services = services(self.store, self.clock)
        self.bus = MessageBus(
            uow_factory=self.uow,
            services=self.services,
            handlers={**HANDLERS, **self.extra_handlers},
        )

    def handle(self, command: type, handler: Handler) -> None:
        """Serve another command (a test's own); call before starting workers."""
        self.extra_handlers[command] = handler
        self.__post_init__()

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store, self.ids, audit=entry_for_event)

    async def start(self, agent: AgentDefinition, **options: Any) -> AgentWorker:
        executor = TaskExecutor(
            agent,
            self.bus,
            idempotency=self.idempotency,
            inbox=InMemoryMessageInbox(self.store),
            jobs=self.jobs,
            clock=self.clock,
        )
        worker = AgentWorker(
            agent,
            self.broker,
            executor,
            services=self.services,
            uow_factory=self.uow,
            clock=self.clock,
            ids=self.ids,
            jobs=self.jobs,
            instance_id=options.pop("instance_id", f"test-{uuid.uuid4().hex[:6]}"),
            **options,
        )
        await worker.start()
        self.workers.append(worker)
        return worker

    async def requester(self) -> RequestReply:
        if self.client is None:
            self.client = RequestReply(self.broker)
            await self.client.start()
        return self.client

    def task(
        self,
        task_type: str,
        principal: Principal | None,
        *,
        message_id: uuid.UUID | None = None,
        **fields: Any,
    ) -> TaskMessage:
        command_input = fields.pop("input", {})
        header_fields = {k: fields.pop(k) for k in ("expiration", "trace_id") if k in fields}
        return TaskMessage(
            header=Header(
                message_id=message_id or uuid.uuid4(),
                message_type=MessageType.TASK,
                sender_id="test",
                timestamp=datetime.now(UTC),
                **header_fields,
            ),
            task_type=task_type,
            payload=encode(command_input, principal),
            **fields,
        )

    async def close(self) -> None:
        for worker in self.workers:
            await worker.stop(grace_seconds=1)
        await self.broker.close()


async def eventually(
    check: Callable[[], Awaitable[bool]] | Callable[[], bool], within: float = 5.0
) -> None:
    """Wait until ``check`` holds; fail the test if it never does."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        outcome = check()
        if asyncio.iscoroutine(outcome):
            outcome = await outcome
        if outcome:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the condition never held")
        await asyncio.sleep(0.01)


def serve_test_agent(runtime: Runtime) -> None:
    """Give the runtime's bus the test agent's handlers (before starting its worker)."""

    for command, handler in TEST_HANDLERS.items():
        runtime.handle(command, handler)
