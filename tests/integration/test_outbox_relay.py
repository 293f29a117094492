"""The outbox relay on PostgreSQL: to real RabbitMQ, as three instances at once, and through
broker failures."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.contracts.builders import append_events, thing_event
from tests.support.postgres import throwaway_database, truncate_all
from tests.support.rabbitmq import rabbitmq_broker
from tests.support.relay import RecordingBroker

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.outbox_feed import SqlOutboxFeed
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import SystemClock
from umt.application.audit.entries import entry_for_event
from umt.application.messaging.envelope import EventMessage, parse_message
from umt.application.messaging.outbox_relay import OutboxPublishFailed, OutboxRelay
from umt.ports.message_broker import Delivery


class RandomIds:
    def new_id(self) -> uuid.UUID:
        return uuid.uuid4()


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


@pytest.fixture
async def engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_url, pool_size=2)
    await truncate_all(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


def uow(engine: AsyncEngine) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event)


async def pending_numbers(engine: AsyncEngine) -> list[int]:
    async with uow(engine) as reader:
        return [m.payload["data"]["n"] for m in await reader.outbox.pending(limit=10_000)]


async def test_relays_postgresql_rows_to_rabbitmq_in_order(engine: AsyncEngine) -> None:
    rabbit = await rabbitmq_broker()
    agent = f"relay-test-{uuid.uuid4().hex[:8]}"
    received: list[EventMessage] = []
    try:
        await rabbit.declare_agent(agent, event_patterns=["test.thing_happened"])

        async def listen(delivery: Delivery) -> None:
            message = parse_message(delivery.body)
            assert isinstance(message, EventMessage)
            received.append(message)
            await delivery.ack()

        subscription = await rabbit.consume(agent, listen, prefetch=50)
        x, y = uuid.uuid4(), uuid.uuid4()
        ids = await append_events(
            uow(engine), [thing_event(x if n % 3 else y, n) for n in range(1, 31)]
        )
        relay = OutboxRelay(SqlOutboxFeed(engine), rabbit, SystemClock(), concurrency=8)

        assert await relay.run_once() == 30
        async with asyncio.timeout(10):
            while len(received) < 30:
                await asyncio.sleep(0.01)
        await subscription.stop()
    finally:
        await rabbit.delete_declared()
        await rabbit.close()

    assert sorted(m.header.message_id for m in received) == sorted(ids)
    assert {m.header.sender_id for m in received} == {"outbox-relay"}
    for aggregate in (x, y):
        numbers = [
            m.payload["data"]["n"] for m in received if m.payload["aggregate_id"] == str(aggregate)
        ]
        assert numbers == sorted(numbers)
    assert await pending_numbers(engine) == []
    assert (await relay.lag()).pending == 0


async def test_three_relays_publish_every_event_once_and_in_order(postgres_url: str) -> None:
    engines = [create_engine(postgres_url, pool_size=2) for _ in range(4)]
    writer_engine, relay_engines = engines[0], engines[1:]
    await truncate_all(writer_engine)
    broker = RecordingBroker(max_delay=0.002)
    relays = [
        OutboxRelay(
            SqlOutboxFeed(e), broker, SystemClock(), batch_size=16, concurrency=4, idle_seconds=0.01
        )
        for e in relay_engines
    ]
    aggregates = [uuid.uuid4() for _ in range(20)]
    rng = random.Random(7)
    stop = asyncio.Event()
    written: list[uuid.UUID] = []
    try:
        running = [asyncio.create_task(r.run(stop)) for r in relays]
        # written while the relays run, in transactions of 1-15 events of random aggregates
        n = 0
        while n < 400:
            size = rng.randint(1, 15)
            batch = [thing_event(rng.choice(aggregates), n + i) for i in range(size)]
            written += await append_events(uow(writer_engine), batch)
            n += size
            await asyncio.sleep(rng.uniform(0, 0.01))
        async with asyncio.timeout(30):
            while len(broker.published) < len(written):
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.1)  # anything published twice would show up now
        stop.set()
        async with asyncio.timeout(10):
            await asyncio.gather(*running)
        assert await pending_numbers(writer_engine) == []
    finally:
        stop.set()
        for e in engines:
            await e.dispose()

    assert len(broker.ids()) == len(set(broker.ids())) == len(written)
    assert set(broker.ids()) == set(written)
    by_aggregate = broker.numbers_by_aggregate()
    assert len(by_aggregate) == 20
    for numbers in by_aggregate.values():
        assert numbers == sorted(numbers)
    assert sum(r.stats.published for r in relays) == len(written)
    assert sum(1 for r in relays if r.stats.published) >= 2  # the work really was shared


async def test_a_broker_failure_leaves_rows_pending_until_they_go_out_in_order(
    engine: AsyncEngine,
) -> None:
    refusing = True
    broker = RecordingBroker(fail=lambda m: refusing and m.payload["data"]["n"] in {2, 5})
    x, y = uuid.uuid4(), uuid.uuid4()
    await append_events(
        uow(engine), [thing_event(a, n) for a, n in ((x, 1), (x, 2), (y, 3), (x, 4), (y, 5))]
    )
    relay = OutboxRelay(SqlOutboxFeed(engine), broker, SystemClock())

    with pytest.raises(OutboxPublishFailed) as failed:
        await relay.run_once()

    assert failed.value.published == 2
    assert await pending_numbers(engine) == [2, 4, 5]
    assert (await relay.lag()).pending == 3
    refusing = False
    assert await relay.run_once() == 3
    assert await pending_numbers(engine) == []
    assert broker.numbers_by_aggregate() == {str(x): [1, 2, 4], str(y): [3, 5]}
