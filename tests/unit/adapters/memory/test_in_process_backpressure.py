"""The in-process broker bounds each agent queue: a publisher faster than its consumers waits
instead of piling messages up in memory, and nothing is lost or duplicated on the way."""

from __future__ import annotations

import asyncio

from umt.adapters.memory.broker import InProcessBroker
from umt.ports.message_broker import Delivery

BOUND = 20
PREFETCH = 2


async def publish_against_a_slow_consumer(broker: InProcessBroker, total: int) -> int:
    """Publish ``total`` tasks as fast as the broker lets us; the largest backlog seen."""
    await broker.declare_agent("slow")
    received: list[int] = []

    async def slow(delivery: Delivery) -> None:
        received.append(int(delivery.body))
        await asyncio.sleep(0.001)
        await delivery.ack()

    subscription = await broker.consume("slow", slow, prefetch=PREFETCH)
    backlog = 0
    for i in range(total):
        await broker.publish_task("slow", str(i).encode())
        backlog = max(backlog, i + 1 - len(received))
    async with asyncio.timeout(10):
        while len(received) < total:
            await asyncio.sleep(0.005)
    await subscription.stop()
    await broker.close()
    assert sorted(received) == list(range(total))  # every task arrived, once
    return backlog


async def test_a_fast_publisher_waits_for_a_slow_consumer() -> None:
    backlog = await publish_against_a_slow_consumer(InProcessBroker(queue_size=BOUND), 10 * BOUND)
    # the queue holds at most BOUND; the handlers hold the deliveries they are working on
    assert backlog <= BOUND + PREFETCH


async def test_without_a_bound_the_backlog_grows_with_the_publisher() -> None:
    # the contrast that makes the test above meaningful: queue_size=0 is asyncio's "unbounded"
    backlog = await publish_against_a_slow_consumer(InProcessBroker(queue_size=0), 10 * BOUND)
    assert backlog > 5 * BOUND
