"""One running instance of an agent: consumes its queue, answers, heartbeats, obeys.

For every delivery: validate the envelope (an invalid one goes to the dead letters with the
validation error, and the queue moves on), bind the message's trace and correlation ids to
the logs, run the task under its idempotency key and timeout, then settle by the error
classification: ack (success, client error), retry with backoff (transient, up to
``max_retries``), dead letter (a bug, exhausted retries), or stop consuming (fatal).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from umt.application import log_context
from umt.application.agents.definition import AgentDefinition
from umt.application.agents.errors import Classified, ErrorKind, classify, retry_delay
from umt.application.agents.execution import Outcome, TaskExecutor
from umt.application.agents.loop_beats import LoopBeats
from umt.application.agents.observer import TaskObserver, TaskOutcome
from umt.application.agents.task_payload import decode_job_id
from umt.application.dependencies import bind_dependencies, dependencies_of
from umt.application.messaging.envelope import (
    AgentStatus,
    ErrorInfo,
    EventMessage,
    Header,
    HeartbeatMessage,
    InvalidMessage,
    LoopHeartbeat,
    MessageType,
    ResponseMessage,
    SystemCommand,
    SystemMessage,
    TaskMessage,
    parse_message,
)
from umt.application.services import Context, Services
from umt.ports.clock import Clock
from umt.ports.errors import AlreadyProcessed
from umt.ports.id_generator import IdGenerator
from umt.ports.job_store import JobStore
from umt.ports.message_broker import Delivery, MessageBroker, Subscription, Unroutable
from umt.ports.topics import topic_matches
from umt.ports.tracer import TraceIds, Tracer
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger("umt.agents")
HEARTBEAT_EVENT = "agent.heartbeat"
SYSTEM_EVENT = "agent.system"
ALERT_EVENT = "agent.alert"
EVENT_RETRIES = 3  # events carry no max_retries of their own


@dataclass(slots=True)
class WorkerCounters:
    processed: int = 0
    failed: int = 0
    retried: int = 0
    dead_lettered: int = 0
    duplicates: int = 0
    invalid: int = 0


class AgentWorker:
    def __init__(  # the collaborators of a worker, all injected
        self,
        agent: AgentDefinition,
        broker: MessageBroker,
        executor: TaskExecutor,
        *,
        services: Services,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        ids: IdGenerator,
        jobs: JobStore | None = None,
        instance_id: str,
        concurrency: int | None = None,
        heartbeat_seconds: float = 5.0,
        tracer: Tracer | None = None,
        observer: TaskObserver | None = None,
        loop_beats: LoopBeats | None = None,
    ) -> None:
        self.agent = agent
        self.instance_id = instance_id
        self.counters = WorkerCounters()
        self.status = AgentStatus.STARTING
        self.in_flight = 0
        self._broker = broker
        self._executor = executor
        self._services = services
        # the collaborators each event handler declares, bound now: one not wired fails here
        available = dependencies_of(services)
        self._event_handlers = {
            pattern: bind_dependencies(handler, available, serving=f"events {pattern!r}")
            for pattern, handler in agent.subscriptions.items()
        }
        self._uow_factory = uow_factory
        self._clock = clock
        self._ids = ids
        self._jobs = jobs
        self._concurrency = concurrency or agent.concurrency
        self._heartbeat_seconds = heartbeat_seconds
        self._tracer = tracer
        self._observer = observer
        self._loop_beats = loop_beats
        self._subscription: Subscription | None = None
        self._listener: Subscription | None = None
        self._heartbeat_task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()
        self._background: set[asyncio.Task[None]] = set()  # pause/stop started from within
        self.stopped = asyncio.Event()  # set when a system message or a fatal error stopped it

    @property
    def sender_id(self) -> str:
        return f"{self.agent.name}/{self.instance_id}"

    async def start(self) -> None:
        await self._broker.declare_agent(self.agent.name, event_patterns=self.agent.event_patterns)
        self._listener = await self._broker.listen([SYSTEM_EVENT], self._on_system)
        await self._resume()
        self._heartbeat_task = asyncio.create_task(self._heartbeats())

    async def stop(self, *, grace_seconds: float = 30.0) -> None:
        """Graceful: take no new work, let in-flight work finish (or requeue it after
        ``grace_seconds``), send a last heartbeat, and let go of the broker."""
        self.status = AgentStatus.STOPPING
        subscription, self._subscription = self._subscription, None
        if subscription is not None:
            await subscription.cancel()
            try:
                async with asyncio.timeout(grace_seconds):
                    await self._idle.wait()
            except TimeoutError:
                log.warning(
                    "stopping with %d tasks in flight; they go back to the queue", self.in_flight
                )
            await subscription.stop()
        if self._listener is not None:
            await self._listener.stop()
            self._listener = None
        if self._heartbeat_task is not None:
            self._heartbeat_task.cancel()
            await asyncio.gather(self._heartbeat_task, return_exceptions=True)
            self._heartbeat_task = None
        await self._send_heartbeat()
        self.stopped.set()

    async def pause(self) -> None:
        """Stop taking deliveries (in-flight work finishes); heartbeats go on."""
        subscription, self._subscription = self._subscription, None
        self.status = AgentStatus.PAUSED
        if subscription is not None:
            await subscription.cancel()
            await self._idle.wait()
            await subscription.stop()

    async def _resume(self) -> None:
        if self._subscription is None:
            self._subscription = await self._broker.consume(
                self.agent.name, self._on_delivery, prefetch=self._concurrency
            )
        self.status = AgentStatus.RUNNING

    # deliveries ------------------------------------------------------------------------

    async def _on_delivery(self, delivery: Delivery) -> None:
        self.in_flight += 1
        self._idle.clear()
        try:
            await self._handle(delivery)
        finally:
            self.in_flight -= 1
            if self.in_flight == 0:
                self._idle.set()

    async def _handle(self, delivery: Delivery) -> None:
        try:
            message = parse_message(delivery.body)
        except InvalidMessage as exc:
            self.counters.invalid += 1
            log.warning("invalid message dead-lettered", extra={"error": str(exc)})
            await delivery.reject(str(exc))
            return
        header = message.header
        log_context.start_message(
            agent=self.agent.name,
            message_id=str(header.message_id),
            correlation_id=str(header.correlation_id) if header.correlation_id else None,
            trace_id=header.trace_id,
        )
        if isinstance(message, TaskMessage):
            await self._observed_task(delivery, message)
        elif isinstance(message, EventMessage):
            await self._handle_event(delivery, message)
        else:
            self.counters.invalid += 1
            await delivery.reject(
                f"an agent queue takes tasks and events, not {header.message_type.value}"
            )

    async def _observed_task(self, delivery: Delivery, task: TaskMessage) -> None:
        """The task in a CONSUMER span (child of the sender's, from the envelope), reported
        to the observer once settled."""
        started = time.perf_counter()
        waited = max((self._clock.now() - task.header.timestamp).total_seconds(), 0.0)
        if self._tracer is None:
            outcome = await self._handle_task(delivery, task)
        else:
            header = task.header
            parent = (
                TraceIds(header.trace_id, header.span_id)
                if header.trace_id and header.span_id
                else None
            )
            with self._tracer.consumer(
                "process", source=self.agent.name, message_id=str(header.message_id), parent=parent
            ):
                outcome = await self._handle_task(delivery, task)
        if self._observer is not None:
            self._observer(
                self.agent.name,
                task.task_type,
                outcome,
                time.perf_counter() - started,
                waited_seconds=waited,
            )

    async def _handle_task(self, delivery: Delivery, task: TaskMessage) -> TaskOutcome:
        if delivery.replayed:
            await self._reopen_job(task)
        outcome = await self._executor.run(task)
        if outcome.duplicate:
            self.counters.duplicates += 1
        error = outcome.error
        if error is None or error.kind is ErrorKind.CLIENT:
            await self._finish(task, outcome)
            await delivery.ack()
            if error is None:
                self.counters.processed += 1
                return TaskOutcome.PROCESSED
            self.counters.failed += 1
            return TaskOutcome.FAILED
        if error.kind is ErrorKind.TRANSIENT and delivery.attempt <= task.max_retries:
            self.counters.retried += 1
            log.info(
                "task retried",
                extra={
                    "task_type": task.task_type,
                    "error": error.message,
                    "attempt": delivery.attempt,
                },
            )
            await delivery.retry(
                f"{error.code}: {error.message}", delay_seconds=retry_delay(delivery.attempt)
            )
            return TaskOutcome.RETRIED
        self.counters.failed += 1
        self.counters.dead_lettered += 1
        if error.kind is ErrorKind.TRANSIENT:
            log.warning(
                "task dead-lettered after %d attempts",
                delivery.attempt,
                extra={"task_type": task.task_type, "error": error.message},
            )
        else:
            log.error(
                "task failed: %s",
                error.message,
                extra={"task_type": task.task_type, "kind": error.kind.value},
            )
        await self._finish(task, outcome)
        await delivery.reject(f"{error.code}: {error.message}")
        if error.kind is ErrorKind.FATAL:
            await self._alert(task, error)
        return TaskOutcome.DEAD_LETTERED

    async def _handle_event(self, delivery: Delivery, event: EventMessage) -> None:
        handler = next(
            (h for p, h in self._event_handlers.items() if topic_matches(p, event.event_type)),
            None,
        )
        if handler is None:
            await delivery.ack()  # a binding left over from an older version: nothing to do
            return
        context = Context(
            uow_factory=self._uow_factory,
            message_key=f"event:{self.agent.name}:{event.header.message_id}",
        )
        try:
            await handler(event, context)
        except AlreadyProcessed:
            self.counters.duplicates += 1  # a redelivery: its effect committed before
            await delivery.ack()
            return
        except Exception as exc:  # classified like a task's failure
            classified = classify(exc)
            if classified.kind is ErrorKind.TRANSIENT and delivery.attempt <= EVENT_RETRIES:
                await delivery.retry(
                    classified.message, delay_seconds=retry_delay(delivery.attempt)
                )
                return
            if classified.kind is not ErrorKind.CLIENT:
                log.exception("event handler failed", extra={"event_type": event.event_type})
            await delivery.reject(f"{classified.code}: {classified.message}")
            return
        self.counters.processed += 1
        await delivery.ack()

    async def _reopen_job(self, task: TaskMessage) -> None:
        """A replayed dead letter runs again: its failed job goes back to queued, so this
        run's outcome is the one recorded. Only a failed job reopens: a second delivery of
        the replay finds it queued, running or finished by the first and leaves it be."""
        job_id = decode_job_id(task.payload)
        if (
            job_id is not None
            and self._jobs is not None
            and await self._jobs.reopen(job_id, self._clock.now())
        ):
            log.info("job reopened for a replay", extra={"job_id": str(job_id)})

    async def _finish(self, task: TaskMessage, outcome: Outcome) -> None:
        """Answer the caller and record the job, when there are any."""
        error = outcome.error
        if task.header.reply_to:
            response = ResponseMessage(
                header=self._header(MessageType.RESPONSE, task.header),
                status="ok" if error is None else "error",
                result=outcome.result if error is None else None,
                error=None if error is None else _error_info(error),
            )
            try:
                await self._broker.publish_reply(task.header.reply_to, response.to_json())
            except Unroutable:
                log.info("the caller's reply queue is gone; reply dropped")
        job_id = decode_job_id(task.payload)
        if job_id is not None and self._jobs is not None:
            await self._jobs.finish(
                job_id,
                succeeded=error is None,
                result=outcome.result if error is None else None,
                error=None if error is None else _error_info(error).model_dump(mode="json"),
                at=self._clock.now(),
            )

    # system messages, heartbeats, alerts -----------------------------------------------

    async def _on_system(self, body: bytes) -> None:
        try:
            message = parse_message(body)
        except InvalidMessage:
            log.warning("invalid system message ignored")
            return
        if not isinstance(message, SystemMessage) or not self._targeted(message.targets):
            return
        log.info("system command %s", message.command.value)
        if message.command is SystemCommand.PAUSE:
            await self.pause()
        elif message.command is SystemCommand.RESUME:
            await self._resume()
        else:
            # stop() cancels the listener delivering this very message: run it on its own
            self._spawn(self.stop())
        await self._send_heartbeat()

    def _targeted(self, targets: list[str]) -> bool:
        return any(t in ("*", self.agent.name, self.instance_id, self.sender_id) for t in targets)

    async def _heartbeats(self) -> None:
        while True:
            await self._send_heartbeat()
            await asyncio.sleep(self._heartbeat_seconds)

    async def _send_heartbeat(self) -> None:
        heartbeat = HeartbeatMessage(
            header=self._header(MessageType.HEARTBEAT),
            agent=self.agent.name,
            instance_id=self.instance_id,
            status=self.status,
            in_flight=self.in_flight,
            processed=self.counters.processed,
            failed=self.counters.failed,
            loops=self._loops() or None,
        )
        try:
            await self._broker.publish_event(HEARTBEAT_EVENT, heartbeat.to_json())
        except Exception:  # a missed heartbeat shows as staleness, never kills the worker
            log.warning("heartbeat not sent", exc_info=True)

    def _loops(self) -> dict[str, LoopHeartbeat]:
        """The last ticks of the loops this process runs beside this agent."""
        if self._loop_beats is None:
            return {}
        return {
            name: LoopHeartbeat(
                last_tick=beat.last_tick,
                handled=beat.handled,
                lag_seconds=beat.lag_seconds,
                counts=dict(beat.counts),
            )
            for name, beat in self._loop_beats.snapshot(self.agent.name).items()
        }

    async def _alert(self, task: TaskMessage, error: Classified) -> None:
        """Fatal: stop consuming, and tell operators through a system alert event."""
        log.critical("fatal error: %s; %s stops consuming", error.message, self.sender_id)
        alert = EventMessage(
            header=self._header(MessageType.EVENT, task.header),
            event_type=ALERT_EVENT,
            payload={
                "agent": self.agent.name,
                "instance_id": self.instance_id,
                "task_type": task.task_type,
                "code": error.code,
                "message": error.message,
            },
        )
        try:
            await self._broker.publish_event(ALERT_EVENT, alert.to_json())
        except Exception:
            log.exception("alert not published")
        # not awaited here: pausing waits for in-flight work, this task included
        self._spawn(self.pause())

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` beside the current delivery, keeping a reference until it ends."""
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _header(self, kind: MessageType, cause: Header | None = None) -> Header:
        return Header(
            message_id=self._ids.new_id(),
            message_type=kind,
            sender_id=self.sender_id,
            timestamp=self._clock.now(),
            correlation_id=cause.message_id if cause is not None else None,
            trace_id=cause.trace_id if cause is not None else None,
            span_id=cause.span_id if cause is not None else None,
        )


def _error_info(error: Classified) -> ErrorInfo:
    return ErrorInfo(
        code=error.code, message=error.message, retryable=error.retryable, details=error.details
    )
