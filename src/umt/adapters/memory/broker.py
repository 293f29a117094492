"""The in-process broker: the embedded default, with the semantics of the RabbitMQ one.

One bounded priority queue per agent (publishing waits when it is full: backpressure, not
unbounded growth), topic-pattern event fan-out, delayed retries, dead letters with their
history, and per-process reply queues.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from umt.ports.message_broker import (
    DeadLetter,
    Delivery,
    Handler,
    MessageBroker,
    OnEach,
    Subscription,
    Unroutable,
)
from umt.ports.topics import topic_matches

log = logging.getLogger("umt.broker")


@dataclass(frozen=True, slots=True)
class _Item:
    body: bytes
    routing_key: str
    attempt: int = 1
    history: tuple[str, ...] = field(default=())
    replayed: bool = False


class _Queue:
    def __init__(self, maxsize: int) -> None:
        self.items: asyncio.PriorityQueue[tuple[int, int, _Item]] = asyncio.PriorityQueue(maxsize)
        self.patterns: list[str] = []
        self.dead: list[tuple[DeadLetter, int]] = []  # with the priority a replay restores


class _Delivery(Delivery):
    def __init__(self, broker: InProcessBroker, queue: _Queue, item: _Item, priority: int) -> None:
        self._broker, self._queue, self._item, self._priority = broker, queue, item, priority
        self.settled = False

    @property
    def body(self) -> bytes:
        return self._item.body

    @property
    def attempt(self) -> int:
        return self._item.attempt

    @property
    def routing_key(self) -> str:
        return self._item.routing_key

    @property
    def replayed(self) -> bool:
        return self._item.replayed

    async def ack(self) -> None:
        self._settle()

    async def retry(self, error: str, *, delay_seconds: float) -> None:
        self._settle()
        again = replace(
            self._item,
            attempt=self._item.attempt + 1,
            history=(*self._item.history, error),
            replayed=False,
        )
        self._broker.schedule(self._queue, again, self._priority, delay_seconds)

    async def reject(self, error: str) -> None:
        self._settle()
        letter = DeadLetter(
            id=uuid.uuid4().hex,
            body=self._item.body,
            routing_key=self._item.routing_key,
            error=error,
            attempts=self._item.attempt,
            history=(*self._item.history, error),
        )
        self._queue.dead.append((letter, self._priority))

    def _settle(self) -> None:
        if self.settled:
            raise RuntimeError("a delivery is settled exactly once")
        self.settled = True


class _Subscription(Subscription):
    def __init__(self) -> None:
        self.workers: list[asyncio.Task[None]] = []
        self.busy: set[asyncio.Task[None]] = set()
        self.cancelled = False

    async def cancel(self) -> None:
        self.cancelled = True
        for worker in self.workers:
            if worker not in self.busy:  # waiting for an item: nothing in flight to finish
                worker.cancel()

    async def stop(self) -> None:
        self.cancelled = True
        for worker in self.workers:
            worker.cancel()
        await asyncio.gather(*self.workers, return_exceptions=True)


class _Listener(Subscription):
    def __init__(self, broker: InProcessBroker, patterns: Sequence[str], handler: Any) -> None:
        self.patterns, self.handler, self._broker = tuple(patterns), handler, broker

    async def cancel(self) -> None:
        self._broker.listeners.discard(self)

    async def stop(self) -> None:
        self._broker.listeners.discard(self)


class InProcessBroker(MessageBroker):
    def __init__(self, *, queue_size: int = 10_000) -> None:
        self._queue_size = queue_size
        self._queues: dict[str, _Queue] = {}
        self._replies: dict[str, Callable[[bytes], Awaitable[None]]] = {}
        self._sequence = itertools.count()
        self._timers: set[asyncio.TimerHandle] = set()
        self._background: set[asyncio.Task[None]] = set()
        self.listeners: set[_Listener] = set()

    async def declare_agent(self, agent: str, *, event_patterns: Sequence[str] = ()) -> None:
        queue = self._queues.setdefault(agent, _Queue(self._queue_size))
        for pattern in event_patterns:
            if pattern not in queue.patterns:
                queue.patterns.append(pattern)

    async def publish_task(self, agent: str, body: bytes, *, priority: int = 0) -> None:
        queue = self._queues.get(agent)
        if queue is None:
            raise Unroutable(f"no queue for agent {agent!r}")
        await self._put(queue, _Item(body=body, routing_key=agent), priority)

    async def publish_event(self, event_type: str, body: bytes) -> None:
        for queue in self._queues.values():
            if any(topic_matches(p, event_type) for p in queue.patterns):
                await self._put(queue, _Item(body=body, routing_key=event_type), 0)
        for listener in list(self.listeners):
            if any(topic_matches(p, event_type) for p in listener.patterns):
                try:
                    await listener.handler(body)
                except Exception:
                    log.exception("listener failed", extra={"key": event_type})

    async def listen(
        self, event_patterns: Sequence[str], handler: Callable[[bytes], Awaitable[None]]
    ) -> Subscription:
        listener = _Listener(self, event_patterns, handler)
        self.listeners.add(listener)
        return listener

    async def publish_reply(self, reply_to: str, body: bytes) -> None:
        handler = self._replies.get(reply_to)
        if handler is None:
            raise Unroutable(f"no reply queue {reply_to!r}")
        await handler(body)

    async def consume(self, agent: str, handler: Handler, *, prefetch: int = 10) -> Subscription:
        queue = self._queues.get(agent)
        if queue is None:
            raise Unroutable(f"no queue for agent {agent!r}")
        subscription = _Subscription()
        subscription.workers = [
            asyncio.create_task(self._work(queue, handler, subscription)) for _ in range(prefetch)
        ]
        return subscription

    async def open_reply_queue(self, handler: Callable[[bytes], Awaitable[None]]) -> str:
        name = f"umt.reply.{next(self._sequence)}"
        self._replies[name] = handler
        return name

    async def dead_letters(self, agent: str) -> list[DeadLetter]:
        queue = self._queues.get(agent)
        return [letter for letter, _ in queue.dead] if queue else []

    async def replay_dead_letters(
        self, agent: str, ids: Collection[str], *, on_each: OnEach | None = None
    ) -> list[DeadLetter]:
        async def requeue(queue: _Queue, letter: DeadLetter, priority: int) -> None:
            again = _Item(
                body=letter.body,
                routing_key=letter.routing_key,
                attempt=letter.attempts + 1,
                history=letter.history,
                replayed=True,
            )
            await self._put(queue, again, priority)  # queued before it leaves the dead

        return await self._settle_dead(agent, ids, requeue, on_each)

    async def purge_dead_letters(
        self, agent: str, ids: Collection[str], *, on_each: OnEach | None = None
    ) -> list[DeadLetter]:
        async def drop(queue: _Queue, letter: DeadLetter, priority: int) -> None:
            return None

        return await self._settle_dead(agent, ids, drop, on_each)

    async def _settle_dead(
        self,
        agent: str,
        ids: Collection[str],
        settle: Callable[[_Queue, DeadLetter, int], Awaitable[None]],
        on_each: OnEach | None,
    ) -> list[DeadLetter]:
        queue = self._queues.get(agent)
        if queue is None:
            return []
        wanted, done = set(ids), []
        for entry in list(queue.dead):
            letter, priority = entry
            if letter.id not in wanted:
                continue
            await settle(queue, letter, priority)
            queue.dead.remove(entry)
            done.append(letter)
            if on_each is not None:
                on_each(letter)
        return done

    async def queue_depth(self, agent: str) -> int:
        queue = self._queues.get(agent)
        if queue is None:
            raise Unroutable(f"no queue for agent {agent!r}")
        return queue.items.qsize()

    async def ping(self) -> None:
        return None  # in this process: up as long as the process is

    async def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()

    def schedule(self, queue: _Queue, item: _Item, priority: int, delay: float) -> None:
        """Put ``item`` back after ``delay`` seconds (a retry's back-off)."""
        loop = asyncio.get_running_loop()

        def due() -> None:
            self._timers.discard(timer)
            task = loop.create_task(self._put(queue, item, priority))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

        timer = loop.call_later(delay, due)
        self._timers.add(timer)

    async def _put(self, queue: _Queue, item: _Item, priority: int) -> None:
        # negated: asyncio's PriorityQueue pops the smallest; the sequence keeps FIFO order
        await queue.items.put((-priority, next(self._sequence), item))

    async def _work(self, queue: _Queue, handler: Handler, subscription: _Subscription) -> None:
        me = asyncio.current_task()
        assert me is not None  # noqa: S101  # always run as a task by consume()
        while not subscription.cancelled:
            negated, _, item = await queue.items.get()
            delivery = _Delivery(self, queue, item, -negated)
            subscription.busy.add(me)
            try:
                await handler(delivery)
            except Exception:
                log.exception("handler failed without settling", extra={"key": item.routing_key})
            finally:
                # not settled (the handler failed, or the consumer stopped mid-way): like an
                # unacked AMQP message, it goes back to the queue for another consumer
                subscription.busy.discard(me)
                if not delivery.settled:
                    self.schedule(queue, item, -negated, 0)
