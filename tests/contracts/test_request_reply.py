"""Request-reply on each broker: answers reach their own caller, timeouts are clean, late
replies are dropped and counted, never delivered to someone else."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from umt.application.messaging.envelope import (
    Header,
    MessageType,
    ResponseMessage,
    TaskMessage,
    parse_message,
)
from umt.application.messaging.request_reply import RequestReply, RequestTimedOut
from umt.ports.message_broker import Delivery, MessageBroker, Subscription


def task(n: int, *, delay: float = 0.0) -> TaskMessage:
    return TaskMessage(
        header=Header(
            message_id=uuid.uuid4(),
            message_type=MessageType.TASK,
            sender_id="test",
            timestamp=datetime.now(UTC),
        ),
        task_type="echo",
        payload={"n": n, "delay": delay},
        timeout_seconds=30,
    )


async def responder(broker: MessageBroker, agent: str) -> Subscription:
    async def echo(delivery: Delivery) -> None:
        request = parse_message(delivery.body)
        assert isinstance(request, TaskMessage)
        await delivery.ack()
        await asyncio.sleep(request.payload["delay"])
        response = ResponseMessage(
            header=Header(
                message_id=uuid.uuid4(),
                message_type=MessageType.RESPONSE,
                sender_id=agent,
                timestamp=datetime.now(UTC),
                correlation_id=request.header.message_id,
            ),
            status="ok",
            result={"n": request.payload["n"]},
        )
        assert request.header.reply_to
        await broker.publish_reply(request.header.reply_to, response.to_json())

    return await broker.consume(agent, echo, prefetch=50)


async def test_answers_reach_their_own_caller(broker: MessageBroker) -> None:
    agent = f"echo-{uuid.uuid4().hex[:8]}"
    await broker.declare_agent(agent)
    subscription = await responder(broker, agent)
    client = RequestReply(broker)
    replies = await asyncio.gather(*(client.request(agent, task(n)) for n in range(100)))
    await subscription.stop()
    assert [r.result for r in replies] == [{"n": n} for n in range(100)]
    assert client.stats.delivered == 100


async def test_slow_answers_time_out_and_are_dropped_when_late(broker: MessageBroker) -> None:
    agent = f"echo-{uuid.uuid4().hex[:8]}"
    await broker.declare_agent(agent)
    subscription = await responder(broker, agent)
    client = RequestReply(broker)

    async def call(n: int) -> object:
        slow = n % 10 == 0  # one in ten answers after the caller's timeout
        try:
            # a slow answer comes after its caller's timeout whatever the load; a fast one's
            # wait is generous, so only the slow ones time out
            reply = await client.request(
                agent, task(n, delay=2.0 if slow else 0.0), timeout_seconds=1.0 if slow else 60
            )
        except RequestTimedOut:
            return "timeout"
        return reply.result

    # A shared CI machine can take a good part of a second to confirm 50 publishes, so the
    # margins are wide: the deadline runs from the call, publishing included.
    outcomes = await asyncio.gather(*(call(n) for n in range(50)))
    expected = ["timeout" if n % 10 == 0 else {"n": n} for n in range(50)]
    assert outcomes == expected, client.stats  # never a wrong answer, only the slow time out
    # generous: the late replies come about a second after their calls' deadlines
    async with asyncio.timeout(60):
        while client.stats.late < 5:
            await asyncio.sleep(0.05)
    assert client.stats.late == 5, client.stats
    await subscription.stop()


async def test_concurrent_first_requests_share_one_reply_queue(
    broker: MessageBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = f"echo-{uuid.uuid4().hex[:8]}"
    await broker.declare_agent(agent)
    subscription = await responder(broker, agent)
    opened: list[str] = []
    open_reply_queue = broker.open_reply_queue

    async def counting_open(on_reply: Callable[[bytes], Awaitable[None]]) -> str:
        name = await open_reply_queue(on_reply)
        opened.append(name)
        return name

    monkeypatch.setattr(broker, "open_reply_queue", counting_open)
    client = RequestReply(broker)
    replies = await asyncio.gather(*(client.request(agent, task(n)) for n in range(20)))
    await subscription.stop()
    assert [r.result for r in replies] == [{"n": n} for n in range(20)]
    assert len(opened) == 1  # the first requests raced to open it; one queue serves them all
