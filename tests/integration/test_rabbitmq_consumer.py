"""The RabbitMQ adapter's consumers on a real broker, beyond the port contract: they outlive
a channel failure (the robust channel reopens and the consumer consumes again).

Delivery is at least once. An ack is coalesced with the others of its event-loop turn
(acks.py), so a channel that fails in that instant takes the ack with it and the broker
delivers the message again. What the runtime promises is that the effect happens once: the
inbox and the idempotency store recognise the redelivery. These tests assert that, never a
delivery count the broker does not promise.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from tests.support.rabbitmq import TestRabbitMqBroker, rabbitmq_broker
from tests.unit.application.agents.harness import Runtime, eventually

from umt.adapters.rabbitmq.broker import RabbitMqBroker
from umt.application.agents.catalogue import BRAND_PROJECT
from umt.application.agents.worker import AgentWorker
from umt.application.identity.register import Register, RegistrationReceived
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role
from umt.ports.message_broker import Delivery, Handler, Subscription

WITHIN = 30.0  # seconds: generous, the machine may be loaded; a passing run never waits it


@pytest.fixture
async def runtime(vhost: str) -> AsyncIterator[Runtime]:
    runtime = Runtime(broker=await LosingAcksBroker.connect(vhost))
    yield runtime
    await runtime.close()


class LosingAcksBroker(RabbitMqBroker):
    """A broker whose consumer channel fails, when told, in the instant between a handler's
    ack and the broker hearing of it: the ack is lost with the channel, as a network or a
    protocol failure would lose it."""

    lose_next_ack = False

    async def consume(self, agent: str, handler: Handler, *, prefetch: int = 10) -> Subscription:
        async def losing(delivery: Delivery) -> None:
            await handler(_AckLosingDelivery(self, delivery))

        return await super().consume(agent, losing, prefetch=prefetch)


class _AckLosingDelivery:
    def __init__(self, broker: LosingAcksBroker, delivery: Delivery) -> None:
        self._broker, self._delivery = broker, delivery
        self.body, self.attempt, self.routing_key, self.replayed = (
            delivery.body,
            delivery.attempt,
            delivery.routing_key,
            delivery.replayed,
        )

    async def ack(self) -> None:
        if not self._broker.lose_next_ack:
            await self._delivery.ack()
            return
        self._broker.lose_next_ack = False
        self._delivery.settled = True  # type: ignore[attr-defined]  # as if acked
        # the channel fails before the ack goes out (not awaited: it takes this task along)
        await self._delivery._message.channel.basic_ack(999_999)  # type: ignore[attr-defined]

    async def retry(self, error: str, *, delay_seconds: float) -> None:
        await self._delivery.retry(error, delay_seconds=delay_seconds)

    async def reject(self, error: str) -> None:
        await self._delivery.reject(error)


async def _fail_channel(channel: object) -> None:
    """A protocol error the server answers by closing the channel: acking an unknown tag."""
    await channel.basic_ack(999_999)  # type: ignore[attr-defined]
    await eventually(lambda: channel.is_closed, within=WITHIN)  # type: ignore[attr-defined]


def _underlay(worker: AgentWorker) -> object:
    return worker._subscription._underlay  # type: ignore[union-attr]  # the consumer's channel


async def _owner(runtime: Runtime) -> Principal:
    received: RegistrationReceived = await runtime.bus.execute(
        Register(
            email=f"{uuid.uuid4().hex[:8]}@acme.example",
            password="a long passphrase",
            organization_name="Recovery",
        )
    )
    registration = received.account
    assert registration is not None  # a new email: the account was created
    return Principal.for_member(registration.user.id, registration.organization.id, Role.OWNER)


def _brand_names(runtime: Runtime) -> list[str]:
    return sorted(brand.name for brand in runtime.store.brands.values())


async def test_a_consumer_comes_back_after_its_channel_fails(runtime: Runtime) -> None:
    owner = await _owner(runtime)
    worker = await runtime.start(BRAND_PROJECT)
    before = runtime.task("brand.create", owner, input={"name": "Before"})
    await runtime.broker.publish_task("brand-project", before.to_json())
    await eventually(lambda: _brand_names(runtime) == ["Before"], within=WITHIN)
    # the channel fails at any moment after the effect: its ack may or may not be through
    broken = _underlay(worker)
    await _fail_channel(broken)
    await eventually(lambda: _underlay(worker) is not broken, within=WITHIN)
    after = runtime.task("brand.create", owner, input={"name": "After"})
    await runtime.broker.publish_task("brand-project", after.to_json())

    async def settled() -> bool:
        return (
            _brand_names(runtime) == ["After", "Before"]
            and worker.in_flight == 0
            and await runtime.broker.queue_depth("brand-project") == 0
        )

    await eventually(settled, within=WITHIN)
    # each effect once, and every delivery beyond the first of each task was recognised
    assert _brand_names(runtime) == ["After", "Before"]
    assert worker.counters.failed == 0
    assert worker.counters.processed == 2 + worker.counters.duplicates


async def test_a_redelivery_after_a_lost_ack_is_recognised(runtime: Runtime) -> None:
    owner = await _owner(runtime)
    worker = await runtime.start(BRAND_PROJECT)
    broker = runtime.broker
    assert isinstance(broker, LosingAcksBroker)
    broker.lose_next_ack = True  # the channel fails after the effect, before its ack is heard
    task = runtime.task("brand.create", owner, input={"name": "Once"})
    await broker.publish_task("brand-project", task.to_json())
    # the first delivery, and its redelivery: recognised, so no second effect
    await eventually(lambda: worker.counters.processed == 2, within=WITHIN)
    assert worker.counters.duplicates == 1
    assert _brand_names(runtime) == ["Once"]
    assert worker.counters.failed == 0
    await eventually(lambda: _queue_is_empty(broker), within=WITHIN)  # the redelivery acked


async def _queue_is_empty(broker: RabbitMqBroker) -> bool:
    return await broker.queue_depth("brand-project") == 0


async def test_closing_the_broker_sends_the_acks_still_pending() -> None:
    """Acks wait one loop turn to go out together; a broker the runtime closes sends them
    first, so the messages its handlers finished are not delivered again."""
    broker = await rabbitmq_broker()
    agent = f"closing-test-{uuid.uuid4().hex[:8]}"
    held: list[Delivery] = []
    arrived, release = asyncio.Event(), asyncio.Event()

    async def hold(delivery: Delivery) -> None:
        held.append(delivery)
        arrived.set()
        await release.wait()  # in flight until the test settles it

    again: TestRabbitMqBroker | None = None
    try:
        await broker.declare_agent(agent)
        await broker.consume(agent, hold, prefetch=5)
        await broker.publish_task(agent, b"done")
        async with asyncio.timeout(WITHIN):
            await arrived.wait()
        await held[0].ack()  # finished: its ack waits for the end of this loop turn
        await broker.close()  # in the same turn
        again = await rabbitmq_broker()
        assert await again.queue_depth(agent) == 0
    finally:
        release.set()
        cleaner = again or await rabbitmq_broker()
        cleaner.declared = [agent]
        await cleaner.delete_declared()
        await cleaner.close()
