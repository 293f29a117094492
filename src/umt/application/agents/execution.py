"""Running one task: at most one effect, whatever the number of deliveries.

Two stores cooperate. The unit of work records the task's key in the transaction of its
effect (the inbox), so a second delivery can never commit the effect again, even when the
first worker died between its commit and its ack. The idempotency store (Redis, the database
or memory) keeps the outcome, so a duplicate gets the first delivery's result back without
running anything. If a worker dies in the instant between committing and storing the outcome,
a duplicate learns only that the task already ran (``already_processed``).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import msgspec

from umt.application.agents.deadlines import Deadlines
from umt.application.agents.definition import AgentDefinition
from umt.application.agents.errors import (
    Classified,
    ErrorKind,
    IdempotencyKeyReused,
    TaskExpired,
    TaskNotImplemented,
    classify,
)
from umt.application.agents.progress import running_job
from umt.application.agents.task_payload import decode
from umt.application.bus import MessageBus
from umt.application.messaging.envelope import TaskMessage
from umt.ports.clock import Clock
from umt.ports.errors import AlreadyProcessed, StorageUnavailable
from umt.ports.idempotency_store import IdempotencyStore, ReservationState
from umt.ports.job_store import JobStore
from umt.ports.message_inbox import MessageInbox

log = logging.getLogger("umt.agents")
STORED_RESULT_WAIT_SECONDS = 2.0  # how long a duplicate waits for a concurrent first run


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a task ended: a result, or a classified error."""

    result: dict[str, Any] | None = None
    error: Classified | None = None
    duplicate: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def final(self) -> bool:
        """Stored and answered as is: success or a client error (a retry would not help)."""
        return self.error is None or self.error.kind is ErrorKind.CLIENT

    def to_json(self) -> bytes:
        if self.error is None:
            return _ENCODE({"status": "ok", "result": self.result})
        error = {"code": self.error.code, "message": self.error.message}
        return _ENCODE({"status": "error", "error": {**error, "details": self.error.details}})

    @classmethod
    def from_json(cls, raw: bytes) -> Outcome:
        data = msgspec.json.decode(raw)
        if data["status"] == "ok":
            return cls(result=data["result"], duplicate=True)
        error = data["error"]
        classified = Classified(ErrorKind.CLIENT, error["code"], error["message"], error["details"])
        return cls(error=classified, duplicate=True)


def task_key(agent: str, task: TaskMessage) -> str:
    """The idempotency key: the caller's, else the message id (so redeliveries match)."""
    return f"task:{agent}:{task.idempotency_key or task.header.message_id}"


# msgspec: several times faster than the json module on every task (an outcome and a
# fingerprint each). Sorted keys make the fingerprint canonical; str() covers anything else.
_CANONICAL = msgspec.json.Encoder(order="sorted", enc_hook=str).encode
_ENCODE = msgspec.json.Encoder(enc_hook=str).encode


def fingerprint(task: TaskMessage) -> str:
    """What the key promises: the same task type and payload (without the job id)."""
    payload = task.payload
    if "job_id" in payload:
        payload = {k: v for k, v in payload.items() if k != "job_id"}
    return hashlib.sha256(_CANONICAL([task.task_type, payload])).hexdigest()


class TaskExecutor:
    def __init__(
        self,
        agent: AgentDefinition,
        bus: MessageBus,
        *,
        idempotency: IdempotencyStore,
        inbox: MessageInbox,
        jobs: JobStore | None,
        clock: Clock,
        result_ttl_seconds: int = 86_400,
    ) -> None:
        self._agent = agent
        self._bus = bus
        self._idempotency = idempotency
        self._inbox = inbox
        self._jobs = jobs
        self._clock = clock
        self._result_ttl = result_ttl_seconds
        self._deadlines = Deadlines()  # asyncio.timeout's semantics, no timer per fast task

    async def run(self, task: TaskMessage) -> Outcome:
        key, print_ = task_key(self._agent.name, task), fingerprint(task)
        owner = True
        try:
            reservation = await self._idempotency.reserve(
                key, print_, ttl_seconds=task.timeout_seconds * 2 + 60
            )
        except StorageUnavailable:
            # the inbox alone still guards the effect: run, without the replay shortcut
            log.warning("idempotency store unavailable; running under the inbox only")
            reservation = None
        if reservation is not None:
            if reservation.state is ReservationState.DONE and reservation.outcome is not None:
                return Outcome.from_json(reservation.outcome)
            if reservation.state is ReservationState.MISMATCH:
                return self._rejected(
                    IdempotencyKeyReused("this idempotency key was used for a different task")
                )
            owner = reservation.state is ReservationState.NEW
        if await self._already_processed(key):
            # a redelivery whose stored outcome is gone: never run it again
            outcome = await self._stored_outcome(key, task)
        else:
            outcome = await self._execute(task, key)
            if outcome.error is not None and await self._already_processed(key):
                # a concurrent delivery committed first (this one failed on its effect, e.g.
                # a duplicate slug): answer what the first one did
                outcome = await self._stored_outcome(key, task)
        await self._remember(key, print_, outcome, owner=owner)
        return outcome

    async def _execute(self, task: TaskMessage, key: str) -> Outcome:
        try:
            expiration = task.header.expiration
            if expiration is not None and expiration <= self._clock.now():
                raise TaskExpired("the task expired before it could run")
            route = self._agent.tasks.get(task.task_type)
            if route is None:
                raise TaskNotImplemented(
                    f"{self._agent.name} does not serve {task.task_type!r} (yet)",
                    details={"served": sorted(self._agent.tasks)},
                )
            decoded = decode(task.payload, route.command, anonymous=route.anonymous)
            if decoded.job_id is not None and self._jobs is not None:
                await self._jobs.mark_running(decoded.job_id, self._clock.now())
            async with self._deadlines.within(task.timeout_seconds):
                with running_job(decoded.job_id):  # where JobProgress reports go
                    result = await self._bus.execute(
                        decoded.command, decoded.principal, message_key=key
                    )
            return Outcome(result=route.present(result))
        except AlreadyProcessed:
            return await self._stored_outcome(key, task)
        except Exception as exc:  # classified: every failure becomes an outcome
            return Outcome(error=classify(exc))

    async def _already_processed(self, key: str) -> bool:
        try:
            return await self._inbox.processed(key)
        except StorageUnavailable:
            return False  # the unit of work's claim still refuses a second commit

    async def _stored_outcome(self, key: str, task: TaskMessage) -> Outcome:
        """A previous delivery committed the effect: its outcome, once it is stored."""
        deadline = asyncio.get_running_loop().time() + STORED_RESULT_WAIT_SECONDS
        while asyncio.get_running_loop().time() < deadline:
            try:
                reservation = await self._idempotency.reserve(
                    key, fingerprint(task), ttl_seconds=self._result_ttl
                )
            except StorageUnavailable:
                break
            if reservation.state is ReservationState.DONE and reservation.outcome is not None:
                return Outcome.from_json(reservation.outcome)
            await asyncio.sleep(0.05)
        return Outcome(result={"already_processed": True}, duplicate=True)

    async def _remember(self, key: str, print_: str, outcome: Outcome, *, owner: bool) -> None:
        try:
            if outcome.final and not outcome.duplicate:
                await self._idempotency.complete(
                    key, print_, outcome.to_json(), ttl_seconds=self._result_ttl
                )
            elif owner and not outcome.final:
                await self._idempotency.release(key, print_)
        except StorageUnavailable:
            log.warning("could not store the outcome of %s", key)

    @staticmethod
    def _rejected(exc: Exception) -> Outcome:
        return Outcome(error=classify(exc))
