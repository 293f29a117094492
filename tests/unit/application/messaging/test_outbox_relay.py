"""The outbox relay on the in-memory outbox and the in-process broker."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import Any

import pytest
from tests.contracts.builders import T0, append_events, thing_event
from tests.support.relay import RecordingBroker

from umt.adapters.memory.outbox_feed import InMemoryOutboxFeed
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.application.audit.entries import entry_for_event
from umt.application.messaging.envelope import EventMessage, parse_message
from umt.application.messaging.outbox_relay import OutboxPublishFailed, OutboxRelay
from umt.ports.errors import StorageUnavailable
from umt.ports.message_broker import Delivery
from umt.ports.outbox import OutboxMessage
from umt.ports.outbox_feed import OutboxClaim, OutboxFeed, OutboxLag

NOW = T0 + timedelta(hours=1)


class RandomIds:
    def new_id(self) -> uuid.UUID:
        return uuid.uuid4()


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


def uow(store: InMemoryStore) -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork(store, RandomIds(), audit=entry_for_event)


def relay(store: InMemoryStore, broker: RecordingBroker, **options: Any) -> OutboxRelay:
    settings = {"backoff_seconds": 0.01, "idle_seconds": 0.01, **options}
    return OutboxRelay(InMemoryOutboxFeed(store), broker, FixedClock(NOW), **settings)


def pending(store: InMemoryStore) -> list[int]:
    return [m.payload["data"]["n"] for m in store.outbox if m.published_at is None]


def interleaved(aggregates: int, per_aggregate: int) -> list[tuple[uuid.UUID, int]]:
    """(aggregate, n) with n counting up across all events, aggregates taking turns."""
    ids = [uuid.uuid4() for _ in range(aggregates)]
    return [(ids[i % aggregates], i) for i in range(aggregates * per_aggregate)]


async def test_publishes_each_row_as_an_event_envelope_and_marks_it_sent(
    store: InMemoryStore,
) -> None:
    broker = RecordingBroker()
    await broker.declare_agent("listener", event_patterns=["test.#"])
    received: list[bytes] = []

    async def listen(delivery: Delivery) -> None:
        received.append(delivery.body)
        await delivery.ack()

    subscription = await broker.consume("listener", listen)
    x, y = uuid.uuid4(), uuid.uuid4()
    events = [thing_event(x, 1), thing_event(y, 2), thing_event(x, 3)]
    ids = await append_events(uow(store), events)

    assert await relay(store, broker).run_once() == 3
    async with asyncio.timeout(2):
        while len(received) < 3:
            await asyncio.sleep(0.001)
    await subscription.stop()

    assert pending(store) == []
    assert {m.published_at for m in store.outbox} == {NOW}
    messages = sorted(
        (parse_message(body) for body in received), key=lambda m: ids.index(m.header.message_id)
    )
    for message, event, event_id in zip(messages, events, ids, strict=True):
        assert isinstance(message, EventMessage)
        assert message.header.message_id == event_id
        assert message.header.sender_id == "outbox-relay"
        assert message.header.timestamp == NOW.replace(microsecond=NOW.microsecond // 1000 * 1000)
        assert message.event_type == "test.thing_happened"
        assert message.payload == event.payload()
        source = event.occurred_at
        assert message.source_timestamp == source.replace(
            microsecond=source.microsecond // 1000 * 1000
        )
    assert await relay(store, broker).run_once() == 0


async def test_aggregates_go_concurrently_and_each_keeps_its_order(store: InMemoryStore) -> None:
    broker = RecordingBroker(max_delay=0.002)
    written = interleaved(aggregates=10, per_aggregate=12)
    await append_events(uow(store), [thing_event(a, n) for a, n in written])

    published = await relay(store, broker, batch_size=1000, concurrency=4).run_once()

    assert published == len(written) == len(broker.published)
    assert 1 < broker.most_in_flight <= 4
    expected: dict[str, list[int]] = {}
    for aggregate, n in written:
        expected.setdefault(str(aggregate), []).append(n)
    assert broker.numbers_by_aggregate() == expected


async def test_a_failed_publish_leaves_its_row_and_its_aggregates_later_rows_pending(
    store: InMemoryStore,
) -> None:
    refusing = True
    broker = RecordingBroker(fail=lambda m: refusing and m.payload["data"]["n"] == 3)
    x, y = uuid.uuid4(), uuid.uuid4()
    await append_events(
        uow(store), [thing_event(a, n) for a, n in ((x, 1), (y, 2), (x, 3), (y, 4), (x, 5))]
    )
    outbox_relay = relay(store, broker)

    with pytest.raises(OutboxPublishFailed) as failed:
        await outbox_relay.run_once()

    assert failed.value.published == 3
    assert [m.payload["data"]["n"] for m, _ in failed.value.failures] == [3]
    assert pending(store) == [3, 5]
    refusing = False
    assert await outbox_relay.run_once() == 2
    assert pending(store) == []
    assert broker.numbers_by_aggregate() == {str(x): [1, 3, 5], str(y): [2, 4]}
    assert len(set(broker.ids())) == 5


async def test_run_backs_off_through_broker_failures_and_stops_when_told(
    store: InMemoryStore,
) -> None:
    refusals = 3
    x = uuid.uuid4()

    def fail(_: EventMessage) -> bool:
        nonlocal refusals
        refusals -= 1
        return refusals >= 0

    broker = RecordingBroker(fail=fail)
    await append_events(uow(store), [thing_event(x, n) for n in range(1, 6)])
    outbox_relay = relay(store, broker)
    stop = asyncio.Event()
    running = asyncio.create_task(outbox_relay.run(stop))

    async with asyncio.timeout(5):
        while pending(store):
            await asyncio.sleep(0.005)
        await append_events(uow(store), [thing_event(x, 6)])  # picked up by a later round
        while pending(store):
            await asyncio.sleep(0.005)
        stop.set()
        await running

    assert broker.numbers_by_aggregate() == {str(x): [1, 2, 3, 4, 5, 6]}
    assert outbox_relay.stats.failed_rounds == 3
    assert outbox_relay.stats.published == 6


class FailingFeed(OutboxFeed):
    """Raises StorageUnavailable on the first ``failures`` claims, then works."""

    def __init__(self, inner: OutboxFeed, failures: int) -> None:
        self.inner, self.failures = inner, failures

    def claim(self, limit: int) -> AbstractAsyncContextManager[OutboxClaim]:
        if self.failures > 0:
            self.failures -= 1
            return self._broken()
        return self.inner.claim(limit)

    @staticmethod
    def _broken() -> AbstractAsyncContextManager[OutboxClaim]:
        class Broken:
            async def __aenter__(self) -> OutboxClaim:
                raise StorageUnavailable("database down")

            async def __aexit__(self, *_: object) -> None:
                return None

        return Broken()

    async def lag(self) -> OutboxLag:
        return await self.inner.lag()


async def test_run_survives_storage_failures(store: InMemoryStore) -> None:
    broker = RecordingBroker()
    await append_events(uow(store), [thing_event(uuid.uuid4(), n) for n in (1, 2)])
    outbox_relay = OutboxRelay(
        FailingFeed(InMemoryOutboxFeed(store), failures=2),
        broker,
        FixedClock(NOW),
        backoff_seconds=0.01,
        idle_seconds=0.01,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(outbox_relay.run(stop))
    async with asyncio.timeout(5):
        while pending(store):
            await asyncio.sleep(0.005)
        stop.set()
        await running
    assert outbox_relay.stats.failed_rounds == 2
    assert len(broker.published) == 2


async def test_two_relays_on_one_store_publish_each_row_once_in_order(
    store: InMemoryStore,
) -> None:
    broker = RecordingBroker(max_delay=0.001)
    written = interleaved(aggregates=5, per_aggregate=20)
    await append_events(uow(store), [thing_event(a, n) for a, n in written])
    relays = [relay(store, broker, batch_size=7, concurrency=3) for _ in range(2)]

    async def drain(r: OutboxRelay) -> None:
        while pending(store):
            await r.run_once()
            await asyncio.sleep(0)

    async with asyncio.timeout(5):
        await asyncio.gather(*(drain(r) for r in relays))

    assert sorted(broker.ids()) == sorted(m.id for m in store.outbox)
    assert len(broker.ids()) == len(set(broker.ids())) == 100
    assert all(r.stats.published > 0 for r in relays)
    for numbers in broker.numbers_by_aggregate().values():
        assert numbers == sorted(numbers)


async def test_lag_reports_pending_rows(store: InMemoryStore) -> None:
    await append_events(uow(store), [thing_event(uuid.uuid4(), n) for n in (1, 2)])
    outbox_relay = relay(store, RecordingBroker())
    lag = await outbox_relay.lag()
    assert lag.pending == 2
    assert lag.oldest_age(NOW) == NOW - thing_event(uuid.uuid4(), 1).occurred_at
    await outbox_relay.run_once()
    assert (await outbox_relay.lag()).pending == 0


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        relay(InMemoryStore(), RecordingBroker(), batch_size=0)


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"name": "Café ☕ «crème»", "n": 3, "ratio": 0.1, "big": 10**15, "none": None},
        {"nested": {"list": [1, "two", {"three": [True, False]}]}, "quote": 'say "hi"\n'},
    ],
)
def test_the_wire_body_is_the_envelope_byte_for_byte(payload: dict[str, Any]) -> None:
    message = OutboxMessage(
        id=uuid.uuid4(),
        event_type="brand.voice_changed",
        aggregate_type="brand",
        aggregate_id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        occurred_at=T0 + timedelta(microseconds=123_456),
        payload=payload,
    )
    relay_ = OutboxRelay(InMemoryOutboxFeed(InMemoryStore()), RecordingBroker(), FixedClock(NOW))
    body = relay_.wire_body(message)
    assert body == relay_.envelope(message).to_json()
    parsed = parse_message(body)
    assert isinstance(parsed, EventMessage)
    assert parsed.payload == payload


async def test_after_a_partial_round_the_relay_lingers_so_that_rows_gather_into_one_claim(
    store: InMemoryStore,
) -> None:
    # Under a stream of writes a relay going straight on claimed a row or two per round, a
    # transaction (and a commit) per event or two beside the writes. A round that did not fill
    # its batch now waits linger_seconds (never longer than an idle round) before the next.
    broker = RecordingBroker()
    outbox_relay = relay(store, broker, batch_size=2, idle_seconds=60, linger_seconds=30)
    stop = asyncio.Event()
    await append_events(uow(store), [thing_event(uuid.uuid4(), n) for n in (1, 2, 3)])
    running = asyncio.create_task(outbox_relay.run(stop))
    async with asyncio.timeout(10):
        while pending(store):  # a full batch of 2 goes straight on to the partial one of 1
            await asyncio.sleep(0.005)
    rounds = outbox_relay.stats.rounds
    await append_events(uow(store), [thing_event(uuid.uuid4(), 4)])
    await asyncio.sleep(0.1)
    assert outbox_relay.stats.rounds == rounds  # lingering: no claim per row
    assert pending(store) == [4]
    stop.set()
    async with asyncio.timeout(5):  # and a stop cuts the lingering short
        await running
