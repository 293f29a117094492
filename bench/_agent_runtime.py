"""An agent worker for the worker benchmarks, assembled like the composition root does it.

The bench agent serves one task type, ``bench.noop``, whose command goes through the real
MessageBus to a handler that does nothing. Everything around it is umt's production runtime:
``AgentWorker`` (envelope validation, log context, settlement), ``TaskExecutor`` (idempotency
reserve/complete, the inbox look-up, payload decoding with the actor, expiry, the timeout,
presenting the result) and whichever broker adapter is passed in. The idempotency store and
the inbox are the in-memory adapters (the embedded default) unless a store is passed in.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from umt.adapters.crypto.argon2_hasher import Argon2PasswordHasher
from umt.adapters.crypto.jwt_tokens import JwtAccessTokens
from umt.adapters.memory.brand_reader import InMemoryBrandReader
from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.memory.session_revocations import InMemorySessionRevocations
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryMessageInbox, InMemoryUnitOfWork
from umt.adapters.system.clock import SystemClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.agents.definition import AgentDefinition, TaskRoute
from umt.application.agents.execution import TaskExecutor
from umt.application.agents.task_payload import encode
from umt.application.agents.worker import AgentWorker
from umt.application.audit.entries import entry_for_event
from umt.application.bus import MessageBus
from umt.application.messaging.envelope import Header, MessageType, TaskMessage, parse_message
from umt.application.principal import Principal
from umt.application.services import Context, Services
from umt.domain.identity.permissions import Role
from umt.domain.shared.ids import OrganizationId, UserId
from umt.ports.idempotency_store import IdempotencyStore
from umt.ports.message_broker import MessageBroker

TASK_TYPE = "bench.noop"
_PLACEHOLDER = "00000000-0000-4000-8000-00000000beef"


@dataclass(frozen=True, slots=True)
class BenchNoop:
    """The bench task's command: one field, validated like any command's input."""

    n: int


async def noop(command: BenchNoop, context: Context) -> None:
    """The bench task's handler: nothing at all."""


def bench_agent(name: str, concurrency: int) -> AgentDefinition:
    return AgentDefinition(
        name=name,
        description="benchmark agent: one no-op task",
        tasks={TASK_TYPE: TaskRoute(BenchNoop)},
        concurrency=concurrency,
    )


def task_bodies(count: int) -> list[bytes]:
    """``count`` valid task envelopes, each with its own message id (its idempotency key).

    A typical task: a header, the acting principal (user, organization, role) and a small
    input. One envelope is built and validated; the others differ only in the message id.
    """
    actor = Principal.for_member(
        UserId(uuid.uuid4()), OrganizationId(uuid.uuid4()), Role.CONTENT_CREATOR
    )
    template = TaskMessage(
        header=Header(
            message_id=uuid.UUID(_PLACEHOLDER),
            message_type=MessageType.TASK,
            sender_id="bench/worker-throughput",
            timestamp=datetime.now(UTC),
            trace_id=os.urandom(16).hex(),
            span_id=os.urandom(8).hex(),
        ),
        task_type=TASK_TYPE,
        payload=encode({"n": 1}, actor),
    ).to_json()
    bodies = [
        template.replace(_PLACEHOLDER.encode(), str(uuid.uuid4()).encode()) for _ in range(count)
    ]
    sample = parse_message(bodies[0])
    assert isinstance(sample, TaskMessage)
    assert sample.header.message_id != uuid.UUID(_PLACEHOLDER)
    return bodies


@dataclass
class BenchRuntime:
    """One agent worker with its executor and in-memory stores."""

    worker: AgentWorker
    executor: TaskExecutor
    idempotency: IdempotencyStore


def bench_runtime(
    agent: AgentDefinition,
    broker: MessageBroker,
    *,
    idempotency: IdempotencyStore | None = None,
    heartbeat_seconds: float = 5.0,
) -> BenchRuntime:
    store = InMemoryStore()
    clock = SystemClock()
    ids = UuidV7Generator()
    services = Services(
        clock=clock,
        ids=ids,
        password_hasher=Argon2PasswordHasher(memory_kib=8, time_cost=1),
        access_tokens=JwtAccessTokens(
            secret="s" * 32,
            issuer="umt",
            audience="umt-api",
            lifetime=timedelta(minutes=15),
            clock=clock,
        ),
        refresh_token_lifetime=timedelta(days=30),
        brand_reader=InMemoryBrandReader(store),
        session_revocations=InMemorySessionRevocations(ttl_seconds=15 * 60),
        credential_cipher=None,
        sign_in_lockout=None,
    )

    def uow() -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(store, ids, audit=entry_for_event)

    # the bus serves the bench task alone, so the services need none of the contexts' own
    # collaborators (the renderer, the generator, the platforms...)
    bus = MessageBus(uow_factory=uow, services=services, handlers={BenchNoop: noop})
    jobs = InMemoryJobStore()
    store_ = idempotency or InMemoryIdempotencyStore()
    executor = TaskExecutor(
        agent, bus, idempotency=store_, inbox=InMemoryMessageInbox(store), jobs=jobs, clock=clock
    )
    worker = AgentWorker(
        agent,
        broker,
        executor,
        services=services,
        uow_factory=uow,
        clock=clock,
        ids=ids,
        jobs=jobs,
        instance_id=f"bench-{uuid.uuid4().hex[:6]}",
        heartbeat_seconds=heartbeat_seconds,
    )
    return BenchRuntime(worker, executor, store_)


_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_kib() -> int:
    """This process's resident set size now (``/proc/self/statm``)."""
    resident = int(Path("/proc/self/statm").read_text().split()[1])
    return resident * _PAGE // 1024


def peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0
