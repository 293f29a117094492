"""Reaching the test RabbitMQ: skip locally when it is down, fail under CI=true."""

from __future__ import annotations

import os
from collections.abc import Sequence

from tests.support.postgres import service_unavailable

from umt.adapters.rabbitmq.broker import RabbitMqBroker, agent_queue, dead_queue

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


class TestRabbitMqBroker(RabbitMqBroker):
    """Remembers the agents a test declared, so their durable queues can be deleted after."""

    __test__ = False
    declared: list[str]

    async def declare_agent(self, agent: str, *, event_patterns: Sequence[str] = ()) -> None:
        self.declared.append(agent)
        await super().declare_agent(agent, event_patterns=event_patterns)

    async def delete_declared(self) -> None:
        channel = await self._connection.channel()
        for agent in self.declared:
            await channel.queue_delete(agent_queue(agent))
            await channel.queue_delete(dead_queue(agent))
        await channel.close()


async def rabbitmq_broker() -> TestRabbitMqBroker:
    url = os.environ.get("UMT_TEST_AMQP_URL", DEFAULT_AMQP_URL)
    try:
        broker = await TestRabbitMqBroker.connect(url)
    except Exception as exc:  # refused, timed out, auth: all mean "cannot test here"
        service_unavailable("RabbitMQ", f"{type(exc).__name__}: {exc}")
    broker.declared = []
    return broker
