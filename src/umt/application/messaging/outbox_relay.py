"""The outbox relay: publishes committed outbox rows as events, in order per aggregate.

Each round claims a batch from the ``OutboxFeed`` (a transaction), turns every row into an
``EventMessage`` (``header.message_id`` is the outbox row id, so consumers can drop the
duplicate that at-least-once delivery may bring), publishes it with
``MessageBroker.publish_event`` (the RabbitMQ adapter waits for the publisher confirm), and
marks the published rows sent in the same transaction.

Order: the feed hands out, per aggregate, only a run of rows starting at the aggregate's
earliest pending row (another relay instance may hold the rest). The relay publishes each
aggregate's run one row after the other and stops it at the first failure, so a failed row and
everything after it stay pending for a later round. Different aggregates are independent and
are published concurrently, up to ``concurrency`` publishes in flight.

``run(stop)`` repeats rounds until ``stop`` is set: straight on while rounds fill their batch,
a short linger after a round that did not (so that rows written meanwhile go out in one claim,
not one transaction per row or two beside a stream of writes), a short idle sleep when a
round published nothing, and an exponential back-off (logged, never raised) when the broker
or the database fails.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from uuid import UUID

import msgspec

from umt.application.messaging.envelope import (
    ENVELOPE_VERSION,
    EventMessage,
    Header,
    MessageType,
    iso_millis,
)
from umt.ports.clock import Clock
from umt.ports.message_broker import MessageBroker
from umt.ports.outbox import OutboxMessage
from umt.ports.outbox_feed import OutboxFeed, OutboxLag

log = logging.getLogger("umt.outbox")

SENDER_ID = "outbox-relay"
EVENT_VERSION = "1.0"
_ENCODE = msgspec.json.Encoder().encode


class OutboxPublishFailed(Exception):
    """Some rows of a round could not be published; they (and their aggregates' later rows)
    stay pending. ``published`` rows of the same round were published and marked sent."""

    def __init__(self, published: int, failures: Sequence[tuple[OutboxMessage, Exception]]) -> None:
        first, error = failures[0]
        super().__init__(
            f"{len(failures)} outbox row(s) not published ({published} were); first:"
            f" {first.event_type} {first.id}: {type(error).__name__}: {error}"
        )
        self.published = published
        self.failures = list(failures)


@dataclass(slots=True)
class RelayStats:
    """Counters since start, for metrics and tests."""

    rounds: int = 0
    published: int = 0
    failed_publishes: int = 0
    failed_rounds: int = 0
    # events published, by event type (a row published again after a lost commit counts twice)
    by_event_type: collections.Counter[str] = field(default_factory=collections.Counter)


class OutboxRelay:
    """Moves outbox rows to the broker; several instances may run against one database."""

    def __init__(
        self,
        feed: OutboxFeed,
        broker: MessageBroker,
        clock: Clock,
        *,
        batch_size: int = 500,
        concurrency: int = 64,
        idle_seconds: float = 0.2,
        linger_seconds: float = 0.02,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
        sender_id: str = SENDER_ID,
    ) -> None:
        if batch_size < 1 or concurrency < 1:
            raise ValueError("batch_size and concurrency must be at least 1")
        self._feed = feed
        self._broker = broker
        self._clock = clock
        self._batch_size = batch_size
        self._concurrency = concurrency
        self._idle_seconds = idle_seconds
        # never longer than an idle round: a row waits no longer than it would have
        self._linger_seconds = min(linger_seconds, idle_seconds)
        self._backoff_seconds = backoff_seconds
        self._max_backoff_seconds = max_backoff_seconds
        self._sender_id = sender_id
        self.stats = RelayStats()

    def envelope(self, message: OutboxMessage) -> EventMessage:
        """The event as it goes on the wire."""
        return EventMessage(
            header=Header(
                message_id=message.id,
                message_type=MessageType.EVENT,
                sender_id=self._sender_id,
                timestamp=self._clock.now(),
            ),
            event_type=message.event_type,
            payload=message.payload,
            source_timestamp=message.occurred_at,
        )

    def wire_body(self, message: OutboxMessage) -> bytes:
        """``envelope(message).to_json()``, written directly (a test holds them byte-equal).

        The relay's hot path: outbox rows are the domain's own events, already valid, so the
        per-field validation of building the pydantic model is skipped (consumers validate
        every message they receive anyway).
        """
        return _ENCODE(
            {
                "header": {
                    "message_id": str(message.id),
                    "message_type": "event",
                    "sender_id": self._sender_id,
                    "timestamp": iso_millis(self._clock.now()),
                    "version": ENVELOPE_VERSION,
                },
                "event_type": message.event_type,
                "payload": message.payload,
                "source_timestamp": iso_millis(message.occurred_at),
                "event_version": EVENT_VERSION,
            }
        )

    async def lag(self) -> OutboxLag:
        """Unpublished rows and the oldest one's time (``.oldest_age(clock.now())``)."""
        return await self._feed.lag()

    async def run_once(self) -> int:
        """One round: claim, publish, mark sent. The number of rows published.

        Raises ``OutboxPublishFailed`` after marking what did get published when some row
        failed, and ``StorageUnavailable`` (or the broker's error) when the round could not run.
        """
        self.stats.rounds += 1
        async with self._feed.claim(self._batch_size) as claim:
            if not claim.messages:
                return 0
            sent, failures = await self._publish(claim.messages)
            await claim.mark_sent(sent, self._clock.now())
        self.stats.published += len(sent)
        if failures:
            self.stats.failed_publishes += len(failures)
            raise OutboxPublishFailed(len(sent), failures)
        return len(sent)

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` is set; errors are logged and backed off, never raised."""
        failed_in_a_row = 0
        while not stop.is_set():
            try:
                published = await self.run_once()
            except Exception as exc:
                failed_in_a_row += 1
                self.stats.failed_rounds += 1
                delay = min(
                    self._backoff_seconds * 2 ** min(failed_in_a_row - 1, 30),
                    self._max_backoff_seconds,
                )
                log.warning(
                    "outbox relay round failed (%s in a row), retrying in %.1f s: %s",
                    failed_in_a_row,
                    delay,
                    exc,
                    exc_info=not isinstance(exc, OutboxPublishFailed),
                )
                await _sleep_unless(stop, delay)
                continue
            failed_in_a_row = 0
            if published == 0:
                await _sleep_unless(stop, self._idle_seconds)
            elif published < self._batch_size:
                await _sleep_unless(stop, self._linger_seconds)

    async def _publish(
        self, messages: Sequence[OutboxMessage]
    ) -> tuple[list[UUID], list[tuple[OutboxMessage, Exception]]]:
        runs: dict[UUID, list[OutboxMessage]] = {}
        for message in messages:
            runs.setdefault(message.aggregate_id, []).append(message)
        pending = iter(runs.values())
        sent: list[UUID] = []
        failures: list[tuple[OutboxMessage, Exception]] = []

        async def worker(runs: Iterator[list[OutboxMessage]]) -> None:
            for run in runs:  # the workers share one iterator: each run goes to one worker
                for message in run:
                    try:
                        body = self.wire_body(message)
                        await self._broker.publish_event(message.event_type, body)
                    except Exception as exc:
                        failures.append((message, exc))
                        break  # the rest of this aggregate waits for a later round
                    sent.append(message.id)
                    self.stats.by_event_type[message.event_type] += 1

        workers = min(self._concurrency, len(runs))
        await asyncio.gather(*(worker(pending) for _ in range(workers)))
        return sent, failures


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds``, waking early when ``stop`` is set."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()
