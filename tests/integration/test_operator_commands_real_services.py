"""The operator commands through ``umt``'s main against the real services: ``umt dlq`` and
``umt agents`` on RabbitMQ (a throwaway vhost: the agent queue names are fixed), ``umt jobs``
and ``umt outbox status`` on PostgreSQL (a throwaway database)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.contracts.builders import append_events, thing_event
from tests.contracts.conftest import RandomIds
from tests.support.postgres import throwaway_database
from tests.unit.application.agents.harness import Runtime

from umt.adapters.rabbitmq.broker import RabbitMqBroker, agent_queue
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.job_store import SqlJobStore
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.application.agents.catalogue import BRAND_PROJECT
from umt.application.audit.entries import entry_for_event
from umt.application.messaging.envelope import Header, MessageType, TaskMessage
from umt.entrypoints.cli import main
from umt.ports.job_store import Job, JobStatus
from umt.ports.message_broker import DeadLetter, Delivery

AGENT = "brand-project"
WITHIN = 60


@pytest.fixture
async def broker(vhost: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RabbitMqBroker]:
    """A broker on the module's vhost, which ``umt`` is pointed at too; the agent's queues
    are deleted after each test."""
    monkeypatch.setenv("UMT_BROKER_URL", vhost)
    monkeypatch.setenv("UMT_DATABASE_URL", "memory://")
    connected = await RabbitMqBroker.connect(vhost)
    await connected.declare_agent(AGENT)
    yield connected
    channel = await connected._connection.channel()
    await channel.queue_delete(agent_queue(AGENT))
    await channel.queue_delete(f"umt.dead.{AGENT}")
    await channel.close()
    await connected.close()


async def umt(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``umt ARGV`` in a thread (it runs its own event loop); exit code, stdout, stderr."""
    code = await asyncio.to_thread(main, list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def task_body(name: str) -> bytes:
    return TaskMessage(
        header=Header(
            message_id=uuid.uuid4(),
            message_type=MessageType.TASK,
            sender_id="api",
            timestamp=datetime.now(UTC),
        ),
        task_type="brand.create",
        payload={"name": name},
    ).to_json()


async def dead_lettered(broker: RabbitMqBroker, bodies: list[bytes]) -> list[DeadLetter]:
    async def reject(delivery: Delivery) -> None:
        await delivery.reject("bug: the handler crashed")

    sub = await broker.consume(AGENT, reject, prefetch=1)
    for body in bodies:
        await broker.publish_task(AGENT, body, priority=4)
    async with asyncio.timeout(WITHIN):
        while len(dead := await broker.dead_letters(AGENT)) < len(bodies):
            await asyncio.sleep(0.05)
    await sub.stop()
    return dead


async def deliveries(broker: RabbitMqBroker, count: int) -> list[tuple[bytes, int, str]]:
    seen: list[tuple[bytes, int, str]] = []

    async def take(delivery: Delivery) -> None:
        seen.append((delivery.body, delivery.attempt, delivery.routing_key))
        await delivery.ack()

    sub = await broker.consume(AGENT, take)
    async with asyncio.timeout(WITHIN):
        while len(seen) < count:
            await asyncio.sleep(0.05)
    await sub.stop()
    return seen


async def test_dead_letter_list_replay_consume_and_purge(
    broker: RabbitMqBroker, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = task_body("Replayed Roasters"), task_body("Kept Kettles")
    await dead_lettered(broker, [first, second])

    code, out, _ = await umt(capsys, "dlq", "list", "--agent", AGENT, "--json")
    assert code == 0
    listed = json.loads(out)
    assert [(row["kind"], row["name"], row["attempts"]) for row in listed] == [
        ("task", "brand.create", 1),
        ("task", "brand.create", 1),
    ]
    replayed_id, kept_id = listed[0]["id"], listed[1]["id"]

    code, out, _ = await umt(capsys, "dlq", "show", replayed_id[:10], "--agent", AGENT, "--json")
    assert code == 0
    assert json.loads(out)["body"]["payload"] == {"name": "Replayed Roasters"}

    code, out, _ = await umt(capsys, "dlq", "replay", replayed_id, "--agent", AGENT, "--json")
    assert (code, json.loads(out)) == (0, {"replayed": [replayed_id], "left": []})
    assert await deliveries(broker, 1) == [(first, 2, AGENT)]  # one more attempt
    assert [d.id for d in await broker.dead_letters(AGENT)] == [kept_id]

    code, _, err = await umt(capsys, "dlq", "purge", "--all", "--agent", AGENT)  # no --yes
    assert code == 1  # no terminal to say yes: nothing purged
    assert "nothing purged" in err
    code, out, _ = await umt(capsys, "dlq", "purge", "--all", "--yes", "--agent", AGENT, "--json")
    assert (code, json.loads(out)) == (0, {"purged": [kept_id], "left": []})
    assert await broker.dead_letters(AGENT) == []
    assert await broker.queue_depth(AGENT) == 0

    code, _, err = await umt(capsys, "dlq", "replay", "--all", "--agent", AGENT)
    assert code == 1
    assert "no dead letters" in err


async def test_replay_all_keeps_order_and_loses_nothing_when_the_queue_is_gone(
    broker: RabbitMqBroker, capsys: pytest.CaptureFixture[str]
) -> None:
    bodies = [task_body(f"Batch {n}") for n in range(5)]
    letters = await dead_lettered(broker, bodies)

    # the agent's queue deleted: every republish is unroutable, so nothing may leave
    channel = await broker._connection.channel()
    await channel.queue_delete(agent_queue(AGENT))
    await channel.close()
    code, out, err = await umt(capsys, "dlq", "replay", "--all", "--agent", AGENT, "--json")
    assert code == 1
    assert json.loads(out) == {"replayed": [], "left": [d.id for d in letters]}
    assert "Unroutable" in err
    assert await broker.dead_letters(AGENT) == letters

    await broker.declare_agent(AGENT)
    code, out, _ = await umt(capsys, "dlq", "replay", "--all", "--agent", AGENT, "--json")
    assert code == 0
    assert json.loads(out)["replayed"] == [d.id for d in letters]
    assert [(body, attempt) for body, attempt, _ in await deliveries(broker, 5)] == [
        (body, 2) for body in bodies
    ]
    assert await broker.dead_letters(AGENT) == []


async def test_agents_lists_the_instances_heard_on_the_broker(
    vhost: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UMT_BROKER_URL", vhost)
    runtime = Runtime(broker=await RabbitMqBroker.connect(vhost))
    try:
        worker = await runtime.start(BRAND_PROJECT, heartbeat_seconds=0.2)
        code, out, _ = await umt(capsys, "agents", "--json", "--wait", "5")  # 25 beats due
    finally:
        await runtime.close()
    assert code == 0
    agents = {a["name"]: a for a in json.loads(out)["items"]}
    brand = agents[AGENT]
    assert brand["status"] == "up"
    assert [i["instance_id"] for i in brand["instances"]] == [worker.instance_id]
    assert agents["content-creation"]["instances"] == []


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


async def test_jobs_and_outbox_status_on_postgresql(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UMT_DATABASE_URL", postgres_url)
    monkeypatch.delenv("UMT_BROKER_URL", raising=False)
    now = datetime.now(UTC)
    jobs = [
        Job(
            id=uuid.uuid4(),
            organization_id=uuid.uuid4(),
            user_id=uuid.uuid4(),
            agent=agent,
            task_type="brand.create",
            status=JobStatus.QUEUED,
            created_at=now - timedelta(minutes=minutes),
            updated_at=now - timedelta(minutes=minutes),
        )
        for agent, minutes in ((AGENT, 5), ("content-creation", 1))
    ]
    engine = create_engine(postgres_url, pool_size=2)
    try:
        store = SqlJobStore(engine)
        for job in jobs:
            await store.create(job)
        await store.finish(jobs[0].id, succeeded=True, result={"ok": 1}, error=None, at=now)
        uow = SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event)
        aggregate = uuid.uuid4()
        await append_events(
            uow, [thing_event(aggregate, n, now=now - timedelta(hours=2)) for n in (1, 2, 3)]
        )
    finally:
        await engine.dispose()

    code, out, _ = await umt(capsys, "jobs", "list", "--json", "--agent", AGENT)
    listed: list[dict[str, Any]] = json.loads(out)
    assert code == 0
    assert [(j["id"], j["status"], j["result"]) for j in listed] == [
        (str(jobs[0].id), "succeeded", {"ok": 1})
    ]
    code, out, _ = await umt(capsys, "jobs", "show", str(jobs[1].id))
    assert code == 0
    assert str(jobs[1].organization_id) in out
    code, _, _ = await umt(capsys, "jobs", "show", str(uuid.uuid4()))
    assert code == 1

    code, out, _ = await umt(capsys, "outbox", "status", "--json", "--max-lag", "3600")
    status = json.loads(out)
    assert code == 1  # two hours behind, more than the hour allowed
    assert status["pending"] == 3
    assert status["lag_seconds"] >= 7200
