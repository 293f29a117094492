"""The MessageBroker on RabbitMQ (aio-pika), with the in-process broker's semantics.

Topology, declared idempotently by ``declare_agent``:

```
umt.tasks   (direct)  --agent-------------> umt.agent.<agent>   classic, durable, x-max-priority 9
umt.events  (topic)   --event patterns---->        "
umt.requeue (direct)  --umt.agent.<agent>->        "            (retries come back here)
umt.delay.<ms> (fanout) -> queue umt.delay.<ms> (x-message-ttl ms, dead-letters to umt.requeue,
                           keeping the routing key: the agent queue's name)
umt.dead.<agent>      dead letters, with the error and the attempt history in headers;
                      replayed through umt.requeue to their agent's queue (dead_letters.py)
umt.reply.<uuid>      exclusive per process: replies
```

Agent queues are classic queues because RabbitMQ 3.10's quorum queues have no priorities and
tasks do; they are durable and messages persistent, so a broker restart loses nothing that was
confirmed. Publishing uses publisher confirms and ``mandatory``: an unroutable message is an
error, not a silent drop. Retries wait in the delay queue of the next level up from the
requested delay (per-queue TTL levels, so no message waits behind a longer one).

Trace context: every publish carries the W3C ``traceparent`` (and ``tracestate``) of the
current span as AMQP headers, and a consumer's handler runs in the context extracted from
them, so a trace crosses the broker even for a body that carries no ids of its own. Retries
and dead letters keep the original message's headers. Given a tracer, the broker also records
a span per publish and per delivery (``tracing.py``).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any

import aio_pika
import aiormq
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from aio_pika.exceptions import ChannelInvalidStateError, DeliveryError, PublishError
from aiormq.abc import ConsumerCallback, DeliveredMessage
from opentelemetry import trace

from umt.adapters.rabbitmq.acks import acks_of, pending_acks
from umt.adapters.rabbitmq.dead_letters import (
    ATTEMPT,
    ERROR,
    HISTORY,
    KEY,
    REPLAYED,
    letter_id,
    republished_headers,
    walk_dead_letters,
)
from umt.adapters.rabbitmq.dead_letters import dead_queue as dead_queue  # its home of old
from umt.adapters.rabbitmq.tracing import (
    Headers,
    header_text,
    in_delivery_context,
    publish_span,
    trace_headers,
)
from umt.ports.errors import StorageUnavailable
from umt.ports.message_broker import (
    DeadLetter,
    Delivery,
    Handler,
    MessageBroker,
    OnEach,
    Subscription,
    Unroutable,
)

TASKS, EVENTS, REQUEUE = "umt.tasks", "umt.events", "umt.requeue"
DELAY_LEVELS_MS = (10, 100, 1_000, 5_000, 30_000, 300_000)
PERSISTENT = int(aio_pika.DeliveryMode.PERSISTENT)


def agent_queue(agent: str) -> str:
    return f"umt.agent.{agent}"


def delay_level(seconds: float) -> int:
    wanted = seconds * 1000
    return next((ms for ms in DELAY_LEVELS_MS if ms >= wanted), DELAY_LEVELS_MS[-1])


def _header_int(headers: Headers | None, name: str, default: int) -> int:
    raw = (headers or {}).get(name)
    return raw if isinstance(raw, int) else default


def _history(headers: Headers | None) -> tuple[str, ...]:
    raw = header_text(headers, HISTORY)
    return tuple(json.loads(raw)) if raw else ()


class _Delivery(Delivery):
    """One message as aiormq delivered it, settled on the channel it came in on (after a
    reconnect its delivery tag means nothing on the new one)."""

    def __init__(self, broker: RabbitMqBroker, agent: str, message: DeliveredMessage) -> None:
        self._broker, self._agent, self._message = broker, agent, message
        self._headers = message.header.properties.headers
        self.settled = False

    @property
    def headers(self) -> Headers | None:
        return self._headers

    @property
    def body(self) -> bytes:
        return self._message.body

    @property
    def attempt(self) -> int:
        return _header_int(self._headers, ATTEMPT, 1)

    @property
    def routing_key(self) -> str:
        return header_text(self._headers, KEY) or str(self._message.routing_key)

    @property
    def replayed(self) -> bool:
        return _header_int(self._headers, REPLAYED, 0) == 1

    async def ack(self) -> None:
        self._settle()
        await self._ack()

    async def retry(self, error: str, *, delay_seconds: float) -> None:
        self._settle()
        level = delay_level(delay_seconds)
        await self._broker.ensure_delay_level(level)
        await self._broker.publish(
            f"umt.delay.{level}",
            agent_queue(self._agent),
            self.body,
            priority=self._message.header.properties.priority or 0,
            headers={
                **trace_headers(self._headers),
                ATTEMPT: self.attempt + 1,
                KEY: self.routing_key,
                HISTORY: json.dumps([*_history(self._headers), error]),
            },
        )
        await self._ack()

    async def reject(self, error: str) -> None:
        self._settle()
        await self._broker.publish(
            "",
            dead_queue(self._agent),
            self.body,
            priority=self._message.header.properties.priority or 0,  # for its replay
            headers={
                **trace_headers(self._headers),
                ATTEMPT: self.attempt,
                ERROR: error,
                KEY: self.routing_key,
                HISTORY: json.dumps([*_history(self._headers), error]),
            },
        )
        await self._ack()

    async def requeue(self) -> None:
        """Not settled by its handler: back to the queue, for this or another consumer."""
        channel = self._message.channel
        if not self.settled and not channel.is_closed:
            await channel.basic_nack(self._tag, requeue=True)
            acks_of(channel).settled(self._tag)

    @property
    def _tag(self) -> int:
        tag = self._message.delivery_tag
        if tag is None:  # only basic.get-empty frames lack one; consumers never see them
            raise RuntimeError("a delivery without a delivery tag")
        return tag

    async def _ack(self) -> None:
        channel = self._message.channel
        if channel.is_closed:
            raise ChannelInvalidStateError("the channel of this delivery is closed")
        # coalesced with the acks of this event-loop turn (acks.py); an ack is never
        # confirmed by the broker, so nothing is lost by not waiting for the write
        acks_of(channel).ack(self._tag)

    def _settle(self) -> None:
        if self.settled:
            raise RuntimeError("a delivery is settled exactly once")
        self.settled = True


class _Subscription(Subscription):
    """A consumer registered on the robust channel's underlying aiormq channel.

    aio-pika's ``Queue.consume`` wraps every delivery in an ``IncomingMessage`` (two dozen
    attribute writes) and runs the callback in a second task; consuming one level down skips
    both (24 µs of CPU per message in bench/worker_throughput.py). aio-pika no longer knows
    the consumer, so the subscription consumes again itself when the robust channel reopens
    after a reconnect.
    """

    def __init__(
        self,
        channel: AbstractChannel,
        queue: str,
        on_message: ConsumerCallback,
        running: set[_Subscription],
    ) -> None:
        self._channel, self._queue, self._on_message = channel, queue, on_message
        self._running = running  # the broker's consumers, whose acks its close() flushes
        self._underlay: aiormq.abc.AbstractChannel | None = None
        self._tag: str | None = None
        self._cancelled = False

    async def start(self) -> None:
        await self._consume()
        self._running.add(self)
        reopened = getattr(self._channel, "reopen_callbacks", None)
        if reopened is not None:  # a robust channel: it comes back after a reconnect
            reopened.add(self._on_reopen)

    async def _consume(self) -> None:
        self._underlay = await self._channel.get_underlay_channel()
        ok = await self._underlay.basic_consume(self._queue, self._on_message)
        self._tag = ok.consumer_tag

    async def _on_reopen(self, *_: object) -> None:
        if not self._cancelled:
            await self._consume()

    async def cancel(self) -> None:
        # basic.cancel: no new deliveries; the channel stays open so in-flight ones can ack
        if self._cancelled:
            return
        self._cancelled = True
        underlay = self._underlay
        if underlay is not None and self._tag is not None and not underlay.is_closed:
            await underlay.basic_cancel(self._tag)

    async def flush_acks(self) -> None:
        """Send the acks still waiting for the end of their loop turn."""
        acks = pending_acks(self._underlay)
        if acks is not None and not self._channel.is_closed:
            await acks.flush()  # what finished is acked, not redelivered

    async def stop(self) -> None:
        # closing the channel hands every unacknowledged delivery back to the queue
        self._cancelled = True
        self._running.discard(self)
        await self.flush_acks()
        if not self._channel.is_closed:
            await self._channel.close()


class _QueueSubscription(Subscription):
    """A consumer aio-pika manages (listeners: few messages, restored on reconnect by it)."""

    def __init__(self, channel: AbstractChannel, queue: AbstractQueue, tag: str) -> None:
        self._channel, self._queue, self._tag = channel, queue, tag
        self._cancelled = False

    async def cancel(self) -> None:
        if not self._cancelled and not self._channel.is_closed:
            self._cancelled = True
            await self._queue.cancel(self._tag)

    async def stop(self) -> None:
        if not self._channel.is_closed:
            await self._channel.close()


class RabbitMqBroker(MessageBroker):
    def __init__(
        self,
        connection: AbstractRobustConnection,
        channel: AbstractChannel,
        *,
        tracer: trace.Tracer | None = None,
    ) -> None:
        self._connection = connection
        self._channel = channel
        self._tracer = tracer  # None: tracing off, no span started
        self._exchanges: dict[str, AbstractExchange] = {}
        self._delay_levels: set[int] = set()
        self._lock = asyncio.Lock()
        self._inspector: AbstractChannel | None = None  # passive declares (queue depths)
        self._consumers: set[_Subscription] = set()  # their pending acks go out on close

    @classmethod
    async def connect(
        cls, url: str, *, tracer_provider: trace.TracerProvider | None = None
    ) -> RabbitMqBroker:
        """Connect; with ``tracer_provider`` every publish and delivery is a span."""
        connection = await aio_pika.connect_robust(url)
        # on_return_raises: a mandatory message nothing could take fails its publish
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        tracer = None if tracer_provider is None else tracer_provider.get_tracer(__name__)
        broker = cls(connection, channel, tracer=tracer)
        await broker._declare_exchanges()
        return broker

    async def _declare_exchanges(self) -> None:
        kinds = {
            TASKS: aio_pika.ExchangeType.DIRECT,
            EVENTS: aio_pika.ExchangeType.TOPIC,
            REQUEUE: aio_pika.ExchangeType.DIRECT,
        }
        for name, kind in kinds.items():
            self._exchanges[name] = await self._channel.declare_exchange(name, kind, durable=True)
        self._exchanges[""] = self._channel.default_exchange

    async def ensure_delay_level(self, ms: int) -> None:
        if ms in self._delay_levels:
            return
        async with self._lock:
            name = f"umt.delay.{ms}"
            exchange = await self._channel.declare_exchange(
                name, aio_pika.ExchangeType.FANOUT, durable=True
            )
            queue = await self._channel.declare_queue(
                name,
                durable=True,
                arguments={"x-message-ttl": ms, "x-dead-letter-exchange": REQUEUE},
            )
            await queue.bind(exchange)
            self._exchanges[name] = exchange
            self._delay_levels.add(ms)

    async def declare_agent(self, agent: str, *, event_patterns: Sequence[str] = ()) -> None:
        queue = await self._channel.declare_queue(
            agent_queue(agent), durable=True, arguments={"x-max-priority": 9}
        )
        await queue.bind(self._exchanges[TASKS], routing_key=agent)
        await queue.bind(self._exchanges[REQUEUE], routing_key=agent_queue(agent))
        for pattern in event_patterns:
            await queue.bind(self._exchanges[EVENTS], routing_key=pattern)
        await self._channel.declare_queue(dead_queue(agent), durable=True)

    async def publish(
        self,
        exchange: str,
        routing_key: str,
        body: bytes,
        *,
        priority: int = 0,
        headers: dict[str, Any] | None = None,
    ) -> None:
        headers = dict(headers) if headers else {}
        message_id = uuid.uuid4().hex
        with publish_span(
            self._tracer,
            headers,
            exchange=exchange,
            routing_key=routing_key,
            message_id=message_id,
            body_size=len(body),
        ):
            await self._publish(exchange, routing_key, body, priority, headers, message_id)

    async def _publish(
        self,
        exchange: str,
        routing_key: str,
        body: bytes,
        priority: int,
        headers: dict[str, Any],
        message_id: str,
    ) -> None:
        # aiormq directly, as aio-pika's Exchange.publish does after building a Message (whose
        # guarded attribute writes cost more than the publish itself): same frames, same
        # confirm, same Basic.Return → PublishError (the channel has on_return_raises).
        if self._channel.is_closed:
            raise ChannelInvalidStateError("the publishing channel is closed")
        properties = aiormq.spec.Basic.Properties(
            delivery_mode=PERSISTENT, priority=priority, headers=headers, message_id=message_id
        )
        underlay = await self._channel.get_underlay_channel()
        try:
            await underlay.basic_publish(
                body,
                exchange=exchange,
                routing_key=routing_key,
                properties=properties,
                mandatory=True,
            )
        except (DeliveryError, PublishError) as exc:
            raise Unroutable(f"nothing takes {routing_key!r} on {exchange or 'default'}") from exc

    async def publish_task(self, agent: str, body: bytes, *, priority: int = 0) -> None:
        await self.publish(TASKS, agent, body, priority=priority)

    async def publish_event(self, event_type: str, body: bytes) -> None:
        try:
            await self.publish(EVENTS, event_type, body)
        except Unroutable:
            return  # an event nobody subscribes to is not an error

    async def publish_reply(self, reply_to: str, body: bytes) -> None:
        await self.publish("", reply_to, body)

    async def consume(self, agent: str, handler: Handler, *, prefetch: int = 10) -> Subscription:
        channel = await self._connection.channel()
        await channel.set_qos(prefetch_count=prefetch)
        try:
            queue = await channel.get_queue(agent_queue(agent), ensure=True)
        except aio_pika.exceptions.ChannelClosed as exc:
            raise Unroutable(f"no queue for agent {agent!r}") from exc

        async def on_message(message: DeliveredMessage) -> None:
            delivery = _Delivery(self, agent, message)
            try:
                await in_delivery_context(
                    self._tracer,
                    delivery.headers,
                    handler(delivery),
                    queue=queue.name,
                    message_id=message.header.properties.message_id,
                )
            finally:
                if not delivery.settled:
                    await delivery.requeue()

        subscription = _Subscription(channel, queue.name, on_message, self._consumers)
        await subscription.start()
        return subscription

    async def _handle_body(
        self,
        queue: str,
        message: AbstractIncomingMessage,
        handler: Callable[[bytes], Awaitable[None]],
    ) -> None:
        """A reply's or a listened event's handler, in its publisher's trace."""
        await in_delivery_context(
            self._tracer,
            message.headers,
            handler(message.body),
            queue=queue,
            message_id=message.message_id,
        )

    async def open_reply_queue(self, handler: Callable[[bytes], Awaitable[None]]) -> str:
        queue = await self._channel.declare_queue(
            f"umt.reply.{uuid.uuid4().hex}", exclusive=True, auto_delete=True
        )

        async def on_reply(message: AbstractIncomingMessage) -> None:
            async with message.process():
                await self._handle_body(queue.name, message, handler)

        await queue.consume(on_reply)
        return queue.name

    async def listen(
        self, event_patterns: Sequence[str], handler: Callable[[bytes], Awaitable[None]]
    ) -> Subscription:
        channel = await self._connection.channel()
        queue = await channel.declare_queue(
            f"umt.listen.{uuid.uuid4().hex}", exclusive=True, auto_delete=True
        )
        events = await channel.get_exchange(EVENTS)
        for pattern in event_patterns:
            await queue.bind(events, routing_key=pattern)

        async def on_message(message: AbstractIncomingMessage) -> None:
            async with message.process(ignore_processed=True):
                await self._handle_body(queue.name, message, handler)

        tag = await queue.consume(on_message, no_ack=False)
        return _QueueSubscription(channel, queue, tag)

    async def dead_letters(self, agent: str) -> list[DeadLetter]:
        return await walk_dead_letters(self._connection, agent, _read_dead_letter, wanted=None)

    async def replay_dead_letters(
        self, agent: str, ids: Collection[str], *, on_each: OnEach | None = None
    ) -> list[DeadLetter]:
        async def republish(message: AbstractIncomingMessage, letter: DeadLetter) -> None:
            # through umt.requeue, bound to this agent's queue only: an event goes back to
            # the agent that failed it, not to every subscriber again; awaited: confirmed
            await self.publish(
                REQUEUE,
                agent_queue(agent),
                letter.body,
                priority=message.priority or 0,
                headers=republished_headers(message.headers, letter),
            )

        return await walk_dead_letters(
            self._connection,
            agent,
            _read_dead_letter,
            wanted=ids,
            settle=republish,
            on_each=on_each,
        )

    async def purge_dead_letters(
        self, agent: str, ids: Collection[str], *, on_each: OnEach | None = None
    ) -> list[DeadLetter]:
        async def drop(message: AbstractIncomingMessage, letter: DeadLetter) -> None:
            return None  # acknowledged by the walk: gone

        return await walk_dead_letters(
            self._connection, agent, _read_dead_letter, wanted=ids, settle=drop, on_each=on_each
        )

    async def queue_depth(self, agent: str) -> int:
        # a passive declare answers with the count of ready messages; a missing queue closes
        # the channel, so these run on a channel of their own, reopened when that happens
        if self._inspector is None or self._inspector.is_closed:
            self._inspector = await self._connection.channel()
        # (a robust channel's declare_queue(passive=True) answers from its cache: declare anew)
        queue = await self._inspector.get_queue(agent_queue(agent), ensure=False)
        try:
            result = await queue.declare()
        except aio_pika.exceptions.ChannelClosed as exc:
            raise Unroutable(f"no queue for agent {agent!r}") from exc
        return int(result.message_count or 0)

    async def ping(self) -> None:
        if self._connection.is_closed or self._channel.is_closed:
            raise StorageUnavailable("the message broker connection is closed")
        try:
            await self._channel.declare_exchange(TASKS, passive=True)
        except Exception as exc:
            raise StorageUnavailable(f"the message broker does not answer: {exc}") from exc

    async def close(self) -> None:
        # consumers the caller did not stop: what their handlers finished is acked first
        for subscription in list(self._consumers):
            await subscription.flush_acks()
        await self._connection.close()


def _read_dead_letter(message: AbstractIncomingMessage) -> DeadLetter:
    return DeadLetter(
        id=letter_id(message),
        body=message.body,
        routing_key=header_text(message.headers, KEY) or str(message.routing_key),
        error=header_text(message.headers, ERROR) or "",
        attempts=_header_int(message.headers, ATTEMPT, 1),
        history=_history(message.headers),
    )
