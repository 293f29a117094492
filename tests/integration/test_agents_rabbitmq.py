"""The agent runtime on real RabbitMQ: dead letters, and request-reply at volume."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from tests.support.test_agent import TEST_AGENT
from tests.unit.application.agents.harness import Runtime, eventually, serve_test_agent

from umt.adapters.rabbitmq.broker import RabbitMqBroker
from umt.application.agents.catalogue import BRAND_PROJECT
from umt.application.identity.register import Register, RegistrationReceived
from umt.application.messaging.request_reply import RequestReply, RequestTimedOut
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role


@pytest.fixture
async def runtime(vhost: str) -> AsyncIterator[Runtime]:
    runtime = Runtime(broker=await RabbitMqBroker.connect(vhost))
    serve_test_agent(runtime)
    yield runtime
    await runtime.close()


async def test_a_task_round_trips_through_rabbitmq(runtime: Runtime) -> None:
    registration: RegistrationReceived = await runtime.bus.execute(
        Register(email="r@acme.example", password="a long passphrase", organization_name="R")
    )
    owner = Principal.for_member(
        registration.account.user.id, registration.account.organization.id, Role.OWNER
    )
    await runtime.start(BRAND_PROJECT)
    client = await runtime.requester()
    task = runtime.task("brand.create", owner, input={"name": "Rabbit Roasters"})
    response = await client.request("brand-project", task)
    assert response.status == "ok", response
    assert response.result is not None
    assert response.result["slug"] == "rabbit-roasters"
    # redelivered (same message id): the stored result, no second brand
    again = await client.request("brand-project", task)
    assert again.result == response.result
    assert len(runtime.store.brands) == 1


async def test_poison_messages_reach_the_dead_letter_queue_with_their_error(
    runtime: Runtime,
) -> None:
    await runtime.start(TEST_AGENT)
    await runtime.broker.publish_task("test-agent", b'{"header": {"message_type": "nope"}}')
    poison = runtime.task(
        "test.flaky", None, input={"failures": 1000, "name": uuid.uuid4().hex}, max_retries=2
    )
    await runtime.broker.publish_task("test-agent", poison.to_json())

    async def both_dead() -> bool:
        return len(await runtime.broker.dead_letters("test-agent")) == 2

    await eventually(both_dead, within=120)
    invalid, exhausted = sorted(
        await runtime.broker.dead_letters("test-agent"), key=lambda d: d.attempts
    )
    assert "message_type" in invalid.error
    assert exhausted.attempts == 3  # the first delivery and max_retries=2 retries
    assert "restarting" in exhausted.error
    assert len(exhausted.history) == 3
    assert exhausted.body == poison.to_json()
    # the queue moved on: a healthy task after the poison is still served
    client = await runtime.requester()
    echo = await client.request(
        "test-agent", runtime.task("test.echo", None, input={"token": "ok"})
    )
    assert echo.result == {"token": "ok"}


async def test_ten_thousand_requests_with_one_percent_late_replies_never_mismatch(
    runtime: Runtime,
) -> None:
    """Every answered call gets its own token back; the 1% whose handler outlives the
    caller's timeout raise RequestTimedOut, and their late replies are dropped and counted."""
    await runtime.start(TEST_AGENT, concurrency=200)
    client: RequestReply = await runtime.requester()
    calls, slow_every = 10_000, 100
    limit = asyncio.Semaphore(400)
    mismatched: list[tuple[str, object]] = []
    timed_out: list[str] = []

    async def call(index: int) -> None:
        token = f"t-{index}"
        slow = index % slow_every == 0
        task = runtime.task(
            "test.echo", None, input={"token": token, "sleep": 1.5 if slow else 0.0}
        )
        async with limit:
            try:
                response = await client.request(
                    # the fast ones never time out, however loaded the machine: their wait
                    # is generous (a deadline, not a measure); the slow ones always do
                    "test-agent",
                    task,
                    timeout_seconds=0.5 if slow else 300,
                )
            except RequestTimedOut:
                timed_out.append(token)
                return
        if response.result != {"token": token}:
            mismatched.append((token, response.result))

    await asyncio.gather(*(call(i) for i in range(calls)))
    assert mismatched == []
    assert len(timed_out) == calls // slow_every
    assert all(int(t.removeprefix("t-")) % slow_every == 0 for t in timed_out)
    # the late replies arrive after their callers gave up: dropped, counted, none orphaned
    await eventually(lambda: client.stats.late == len(timed_out), within=120)
    assert client.stats.delivered == calls - len(timed_out)
    assert client.stats.invalid == 0
