"""Heartbeats into the agents list (with staleness), system messages, event subscriptions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from tests.contracts.builders import organization
from tests.unit.application.agents.harness import Runtime, eventually

from umt.adapters.system.clock import FixedClock
from umt.application.agents.catalogue import BRAND_PROJECT
from umt.application.agents.definition import AgentDefinition
from umt.application.agents.directory import AgentDirectory
from umt.application.agents.system import send_system_command
from umt.application.agents.worker import HEARTBEAT_EVENT
from umt.application.messaging.envelope import (
    AgentStatus,
    EventMessage,
    Header,
    HeartbeatMessage,
    MessageType,
)
from umt.application.services import Context

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def heartbeat(agent: str, instance: str, status: AgentStatus, in_flight: int = 0) -> bytes:
    return HeartbeatMessage(
        header=Header(
            message_id=uuid.uuid4(),
            message_type=MessageType.HEARTBEAT,
            sender_id=f"{agent}/{instance}",
            timestamp=T0,
        ),
        agent=agent,
        instance_id=instance,
        status=status,
        in_flight=in_flight,
        processed=7,
        failed=1,
    ).to_json()


async def test_the_directory_shows_live_and_stale_instances_and_forgets_silent_ones() -> None:
    clock = FixedClock(T0)
    directory = AgentDirectory(clock, stale_after_seconds=15, forget_after_seconds=600)
    await directory.on_heartbeat(heartbeat("brand-project", "a", AgentStatus.RUNNING, 3))
    clock.advance(timedelta(seconds=10))
    await directory.on_heartbeat(heartbeat("brand-project", "b", AgentStatus.RUNNING, 2))
    await directory.on_heartbeat(heartbeat("content-creation", "c", AgentStatus.PAUSED))
    await directory.on_heartbeat(b"garbage")  # ignored, never raises
    clock.advance(timedelta(seconds=10))  # a: 20 s silent, b and c: 10 s
    views = {v.name: v for v in directory.agents()}
    brand = views["brand-project"]
    assert [(i.instance_id, i.stale) for i in brand.instances] == [("a", True), ("b", False)]
    assert brand.status == "up"
    assert brand.load == 2  # stale instances carry no load
    assert brand.instances[0].processed == 7
    assert views["content-creation"].status == "degraded"  # its only live instance is paused
    assert views["content-strategy"].status == "down"
    assert views["content-strategy"].instances == []
    clock.advance(timedelta(seconds=600))
    assert all(v.instances == [] for v in directory.agents())


async def test_pause_resume_and_shutdown_reach_the_targeted_instances(runtime: Runtime) -> None:
    first = await runtime.start(BRAND_PROJECT, instance_id="one", heartbeat_seconds=60)
    second = await runtime.start(BRAND_PROJECT, instance_id="two", heartbeat_seconds=60)

    async def command(name: str, *targets: str) -> None:
        await send_system_command(
            runtime.broker, name, list(targets), clock=runtime.clock, ids=runtime.ids
        )

    await command("pause", "one")
    await eventually(lambda: first.status is AgentStatus.PAUSED)
    assert second.status is AgentStatus.RUNNING
    await command("resume", "brand-project")
    await eventually(lambda: first.status is AgentStatus.RUNNING)
    await command("shutdown", "*")
    await eventually(lambda: first.stopped.is_set() and second.stopped.is_set())
    assert first.status is second.status is AgentStatus.STOPPING


async def test_heartbeats_feed_the_directory_through_the_broker(runtime: Runtime) -> None:
    directory = AgentDirectory(runtime.clock)
    await runtime.broker.listen([HEARTBEAT_EVENT], directory.on_heartbeat)
    await runtime.start(BRAND_PROJECT, instance_id="hb", heartbeat_seconds=0.05)
    await eventually(
        lambda: any(
            i.instance_id == "hb" and i.status == "running"
            for v in directory.agents()
            for i in v.instances
        )
    )


async def test_a_subscribed_event_has_its_effect_once_however_often_delivered(
    runtime: Runtime,
) -> None:
    async def on_brand_event(event: EventMessage, ctx: Context) -> None:
        async with ctx.uow as uow:  # an effect, committed under the event's key
            await uow.organizations.add(organization(str(event.payload["name"])))
            await uow.commit()

    follower = AgentDefinition(
        name="follower", description="follows brands", subscriptions={"brand.*": on_brand_event}
    )
    worker = await runtime.start(follower)
    event = EventMessage(
        header=Header(
            message_id=uuid.uuid4(),
            message_type=MessageType.EVENT,
            sender_id="outbox-relay",
            timestamp=T0,
        ),
        event_type="brand.created",
        payload={"name": "Followed"},
    )
    for _ in range(2):  # the second is a redelivery of the same message
        await runtime.broker.publish_event("brand.created", event.to_json())
    await runtime.broker.publish_event("project.created", event.to_json())  # not followed
    await eventually(lambda: worker.counters.processed + worker.counters.duplicates == 2)
    names = [o.name for o in runtime.store.organizations.values()]
    assert names.count("Followed") == 1
    assert worker.counters.duplicates == 1
    assert await runtime.broker.dead_letters("follower") == []
