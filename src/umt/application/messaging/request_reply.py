"""Request-reply over the broker: a task out, its response back, or a timeout.

Each process opens one reply queue. A request registers a future under its ``message_id``;
the response names it in ``correlation_id``. A reply that arrives after its caller gave up
(or that names no request of this process) is dropped and counted, so it can never reach
another caller.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from umt.application.messaging.envelope import (
    InvalidMessage,
    ResponseMessage,
    TaskMessage,
    parse_message,
)
from umt.ports.message_broker import MessageBroker
from umt.ports.tracer import TraceIds, Tracer

log = logging.getLogger("umt.messaging")


class RequestTimedOut(TimeoutError):
    """No response within the task's timeout."""


@dataclass(slots=True)
class ReplyStats:
    delivered: int = 0
    late: int = 0
    invalid: int = 0


class RequestReply:
    def __init__(self, broker: MessageBroker, *, tracer: Tracer | None = None) -> None:
        self._broker = broker
        self._tracer = tracer
        self._pending: dict[str, asyncio.Future[ResponseMessage]] = {}
        self._reply_to: str | None = None
        # Concurrent first requests must share one reply queue, not each open their own.
        self._starting = asyncio.Lock()
        self.stats = ReplyStats()

    async def start(self) -> None:
        if self._reply_to is not None:
            return
        async with self._starting:
            if self._reply_to is None:
                self._reply_to = await self._broker.open_reply_queue(self._on_reply)

    async def request(
        self, agent: str, task: TaskMessage, *, timeout_seconds: float | None = None
    ) -> ResponseMessage:
        """Send ``task`` to ``agent`` and wait for its response (``task.timeout_seconds`` by
        default); raises RequestTimedOut when none comes in time."""
        await self.start()
        key = str(task.header.message_id)
        future: asyncio.Future[ResponseMessage] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        # The deadline runs from the call, publishing included: a slow publisher confirm must
        # not stretch the caller's wait. The publish itself is never cut short, though: a
        # task that went out gets its (possibly late) reply counted, not lost half-sent.
        deadline = asyncio.get_running_loop().time() + (timeout_seconds or task.timeout_seconds)
        try:
            with self._producer(agent, key) as trace:  # its ids go in the envelope
                update: dict[str, str | None] = {"reply_to": self._reply_to}
                if trace is not None:
                    update |= {"trace_id": trace.trace_id, "span_id": trace.span_id}
                header = task.header.model_copy(update=update)
                outgoing = task.model_copy(update={"header": header})
                await self._broker.publish_task(
                    agent, outgoing.to_json(), priority=task.header.priority or 0
                )
            async with asyncio.timeout_at(deadline):
                return await future
        except TimeoutError:
            raise RequestTimedOut(f"{agent} did not answer {task.task_type} in time") from None
        finally:
            self._pending.pop(key, None)

    def _producer(self, agent: str, message_id: str) -> AbstractContextManager[TraceIds | None]:
        if self._tracer is None:
            return nullcontext()
        return self._tracer.producer("send", destination=agent, message_id=message_id)

    async def _on_reply(self, body: bytes) -> None:
        try:
            message = parse_message(body)
        except InvalidMessage:
            self.stats.invalid += 1
            log.warning("invalid reply dropped")
            return
        if not isinstance(message, ResponseMessage):
            self.stats.invalid += 1
            return
        future = self._pending.get(str(message.header.correlation_id))
        if future is None or future.done():
            self.stats.late += 1  # its caller timed out: never hand it to anyone else
            return
        self.stats.delivered += 1
        future.set_result(message)
