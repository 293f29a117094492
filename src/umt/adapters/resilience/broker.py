"""Message broker publishing behind the broker's breaker, with bounded retries.

Only the ``publish_*`` methods are guarded: they are what request paths and the outbox relay
call, and where failing fast matters. Consuming, declaring and reading dead letters pass
straight through (a consumer is long-lived and aio-pika reconnects it by itself), and so do
the operator's dead-letter replays and purges.

Retrying a publish may deliver a message twice (the first attempt's confirm may have been
lost); the port promises at-least-once delivery and handlers run under idempotency keys, so
that is within the contract. ``Unroutable`` is an answer, not an outage: it neither counts
against the breaker nor is retried. Connection and channel errors of the RabbitMQ adapter
(which passes aio-pika's through) come out as ``StorageUnavailable``, the port-level error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence

from umt.adapters.resilience.breaker import Breaker
from umt.adapters.resilience.retry import RetryPolicy
from umt.ports.message_broker import DeadLetter, Handler, MessageBroker, OnEach, Subscription


class ResilientBroker(MessageBroker):
    def __init__(self, inner: MessageBroker, breaker: Breaker, retry: RetryPolicy) -> None:
        self._inner = inner
        self._breaker = breaker
        self._retry = retry

    async def publish_task(self, agent: str, body: bytes, *, priority: int = 0) -> None:
        await self._guarded(lambda: self._inner.publish_task(agent, body, priority=priority))

    async def publish_event(self, event_type: str, body: bytes) -> None:
        await self._guarded(lambda: self._inner.publish_event(event_type, body))

    async def publish_reply(self, reply_to: str, body: bytes) -> None:
        await self._guarded(lambda: self._inner.publish_reply(reply_to, body))

    async def _guarded(self, publish: Callable[[], Awaitable[None]]) -> None:
        await self._breaker.call(lambda: self._retry.run(publish))

    # -- not guarded ----------------------------------------------------------------------------

    async def declare_agent(self, agent: str, *, event_patterns: Sequence[str] = ()) -> None:
        await self._inner.declare_agent(agent, event_patterns=event_patterns)

    async def consume(self, agent: str, handler: Handler, *, prefetch: int = 10) -> Subscription:
        return await self._inner.consume(agent, handler, prefetch=prefetch)

    async def open_reply_queue(self, handler: Callable[[bytes], Awaitable[None]]) -> str:
        return await self._inner.open_reply_queue(handler)

    async def listen(
        self, event_patterns: Sequence[str], handler: Callable[[bytes], Awaitable[None]]
    ) -> Subscription:
        return await self._inner.listen(event_patterns, handler)

    async def queue_depth(self, agent: str) -> int:
        return await self._inner.queue_depth(agent)

    async def ping(self) -> None:
        await self._inner.ping()

    async def dead_letters(self, agent: str) -> list[DeadLetter]:
        return await self._inner.dead_letters(agent)

    async def replay_dead_letters(
        self, agent: str, ids: Collection[str], *, on_each: OnEach | None = None
    ) -> list[DeadLetter]:
        # an operator's command, one confirmed publish at a time: its failure is the answer
        return await self._inner.replay_dead_letters(agent, ids, on_each=on_each)

    async def purge_dead_letters(
        self, agent: str, ids: Collection[str], *, on_each: OnEach | None = None
    ) -> list[DeadLetter]:
        return await self._inner.purge_dead_letters(agent, ids, on_each=on_each)

    async def close(self) -> None:
        await self._inner.close()
