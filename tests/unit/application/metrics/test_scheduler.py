"""The metric sync scheduler: new accounts with a metric source get a state, due syncs become
``metrics.sync`` tasks for the content-ad-management agent once per due time, and running
such a task syncs the account and sets its next due time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from uuid import UUID

import pytest
from tests.unit.application.metrics.conftest import INTERVAL, Channel, UowFactory, add_account

from umt.adapters.memory.broker import InProcessBroker
from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.bus import MessageBus
from umt.application.messaging.envelope import TaskMessage, parse_message
from umt.application.metrics.config import MetricSyncConfig
from umt.application.metrics.scheduler import MetricSyncScheduler, kinds_with_metrics
from umt.application.metrics.sync_metrics import MetricSyncReport, SyncMetrics
from umt.application.principal import Principal
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_target import ChannelTarget

LEASE = timedelta(minutes=10)


class Captured:
    def __init__(self) -> None:
        self.tasks: list[tuple[str, TaskMessage]] = []

    async def publish(self, agent: str, body: bytes, *, priority: int = 0) -> None:
        message = parse_message(body)
        assert isinstance(message, TaskMessage)
        self.tasks.append((agent, message))


@pytest.fixture
async def captured() -> AsyncIterator[tuple[InProcessBroker, Captured]]:
    broker, seen = InProcessBroker(), Captured()
    broker.publish_task = seen.publish  # type: ignore[method-assign]
    yield broker, seen
    await broker.close()


def test_only_kinds_whose_platform_has_a_metric_source_are_synced(
    connector: SandboxConnector,
) -> None:
    kinds = kinds_with_metrics({Platform.SANDBOX: connector})
    assert kinds == {ChannelKind.SANDBOX_ACCOUNT, ChannelKind.SANDBOX_AD_ACCOUNT}
    assert kinds_with_metrics({}) == frozenset()


async def test_due_syncs_become_tasks_once_and_the_task_syncs(
    bus: MessageBus,
    owner: Principal,
    channel: Channel,
    connector: SandboxConnector,
    uow_factory: UowFactory,
    clock: FixedClock,
    captured: tuple[InProcessBroker, Captured],
) -> None:
    broker, seen = captured
    await add_account(
        uow_factory,
        clock,
        owner,
        ChannelTarget(kind=ChannelKind.WORDPRESS_SITE, external_id="https://blog.example"),
        brand_id=channel.account.brand_id,
        kind=ChannelKind.WORDPRESS_SITE,
    )  # no metric source here: never enrolled
    scheduler = MetricSyncScheduler(
        uow_factory,
        broker,
        {Platform.SANDBOX: connector},
        clock=clock,
        ids=UuidV7Generator(),
        config=MetricSyncConfig(interval=INTERVAL, lease=LEASE, batch=10),
    )
    assert await scheduler.tick() == 1  # enrolled, due at once
    assert await scheduler.tick() == 0  # claimed: not handed out twice
    [(agent, task)] = seen.tasks
    assert agent == "content-ad-management"
    assert task.task_type == "metrics.sync"
    assert task.payload["input"] == {
        "channel_account_id": str(channel.account.id),
        "organization_id": str(owner.organization_id),
    }
    assert "actor" not in task.payload  # a system task
    assert task.idempotency_key == (f"metrics.sync:{channel.account.id}:{clock.now().isoformat()}")

    command = SyncMetrics(
        channel_account_id=UUID(task.payload["input"]["channel_account_id"]),
        organization_id=UUID(task.payload["input"]["organization_id"]),
    )
    report: MetricSyncReport = await bus.execute(command, None, message_key=task.idempotency_key)
    [outcome] = report.outcomes
    assert outcome.state.next_due_at == clock.now() + INTERVAL
    clock.advance(LEASE)
    assert await scheduler.tick() == 0  # synced: due again only after the interval
    clock.advance(INTERVAL - LEASE)
    assert await scheduler.tick() == 1
    assert seen.tasks[-1][1].idempotency_key != task.idempotency_key


async def test_a_task_lost_on_the_way_is_handed_out_again_after_the_lease(
    owner: Principal,
    channel: Channel,
    connector: SandboxConnector,
    uow_factory: UowFactory,
    clock: FixedClock,
    captured: tuple[InProcessBroker, Captured],
) -> None:
    broker, seen = captured
    scheduler = MetricSyncScheduler(
        uow_factory,
        broker,
        {Platform.SANDBOX: connector},
        clock=clock,
        ids=UuidV7Generator(),
        config=MetricSyncConfig(interval=INTERVAL, lease=LEASE),
    )
    assert await scheduler.tick() == 1
    clock.advance(LEASE - timedelta(seconds=1))
    assert await scheduler.tick() == 0
    clock.advance(timedelta(seconds=1))
    assert await scheduler.tick() == 1
    first, second = (t.idempotency_key for _, t in seen.tasks)
    assert first != second  # a new due time: a new task, not a duplicate of the lost one
