"""The RabbitMQ adapter's consumers on a real broker, beyond the port contract: they outlive
a channel failure (the robust channel reopens and the consumer consumes again)."""

from __future__ import annotations

import asyncio
import uuid

from tests.support.rabbitmq import rabbitmq_broker

from umt.ports.message_broker import Delivery


async def test_a_consumer_comes_back_after_its_channel_fails() -> None:
    broker = await rabbitmq_broker()
    agent = f"recovery-test-{uuid.uuid4().hex[:8]}"
    received: list[bytes] = []
    arrived = asyncio.Event()

    async def collect(delivery: Delivery) -> None:
        received.append(delivery.body)
        await delivery.ack()
        arrived.set()

    try:
        await broker.declare_agent(agent)
        subscription = await broker.consume(agent, collect, prefetch=5)
        await broker.publish_task(agent, b"before")
        async with asyncio.timeout(5):
            await arrived.wait()
        # a protocol error the server answers by closing the channel: acking an unknown tag
        underlay = subscription._underlay  # type: ignore[attr-defined]  # provoking a failure
        await underlay.basic_ack(999_999)
        async with asyncio.timeout(10):
            while not underlay.is_closed:
                await asyncio.sleep(0.05)
        arrived.clear()
        async with asyncio.timeout(10):
            while subscription._underlay is underlay:  # type: ignore[attr-defined]
                await asyncio.sleep(0.05)
        await broker.publish_task(agent, b"after")
        async with asyncio.timeout(10):
            await arrived.wait()
        assert received == [b"before", b"after"]
        await subscription.stop()
    finally:
        await broker.delete_declared()
        await broker.close()
