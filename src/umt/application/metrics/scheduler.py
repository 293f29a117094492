"""The metric sync scheduler: gives new channel accounts a sync state, claims the syncs that
are due and hands each to the content-ad-management agent as a ``metrics.sync`` task.

Safe with several instances: a claim moves the state's due time ``lease`` ahead in the
claiming transaction (rows another scheduler holds are skipped on PostgreSQL), so each due
sync is handed out once; the task sets the real next due time when it runs, and a task lost
on the way is claimed again once the lease runs out. The task's idempotency key names the
account and the due time, so a redelivered task is not run twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping

from umt.application.agents.names import Agent
from umt.application.agents.task_payload import encode
from umt.application.messaging.envelope import Header, MessageType, TaskMessage
from umt.application.metrics.config import MetricSyncConfig
from umt.application.metrics.sync_account import metric_source_of
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_kinds import PLATFORM_OF, ChannelKind
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.message_broker import MessageBroker
from umt.ports.platform_connector import PlatformConnector
from umt.ports.sync_state_repository import DueSync
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

TASK = "metrics.sync"
SENDER = "metric-sync-scheduler"


def kinds_with_metrics(platforms: Mapping[Platform, PlatformConnector]) -> frozenset[ChannelKind]:
    """The channel account kinds whose platform has a metric source in this deployment."""
    return frozenset(
        kind for kind in ChannelKind if metric_source_of(platforms, PLATFORM_OF[kind]) is not None
    )


class MetricSyncScheduler:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        broker: MessageBroker,
        platforms: Mapping[Platform, PlatformConnector],
        *,
        clock: Clock,
        ids: IdGenerator,
        config: MetricSyncConfig,
    ) -> None:
        self._uow_factory = uow_factory
        self._broker = broker
        self._kinds = kinds_with_metrics(platforms)
        self._clock = clock
        self._ids = ids
        self._config = config

    async def tick(self) -> int:
        """Enrol new accounts, then claim and submit what is due now; how many tasks were
        submitted."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            enrolled = await uow.sync_states.enrol(kinds=self._kinds, now=now)
            due = await uow.sync_states.claim_due(
                now=now, lease_until=now + self._config.lease, limit=self._config.batch
            )
            await uow.commit()
        if enrolled:
            log.info("metric sync: accounts enrolled", extra={"accounts": enrolled})
        for item in due:
            await self._submit(item)
        return len(due)

    async def _submit(self, item: DueSync) -> None:
        task = TaskMessage(
            header=Header(
                message_id=self._ids.new_id(),
                message_type=MessageType.TASK,
                sender_id=SENDER,
                timestamp=self._clock.now(),
            ),
            task_type=TASK,
            payload=encode(
                {
                    "channel_account_id": str(item.channel_account_id),
                    "organization_id": str(item.organization_id),
                },
                None,
            ),
            timeout_seconds=120,
            idempotency_key=f"{TASK}:{item.channel_account_id}:{item.due_at.isoformat()}",
        )
        await self._broker.publish_task(Agent.CONTENT_AD_MANAGEMENT.value, task.to_json())

    async def run(self, stop: asyncio.Event, *, interval_seconds: float) -> None:
        """Tick every ``interval_seconds`` until ``stop`` is set; a failed tick is logged and
        retried at the next one (an outage must not end the loop)."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("metric sync scheduler tick failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval_seconds):
                    await stop.wait()


async def run_metric_sync_scheduler(
    stop: asyncio.Event,
    *,
    metric_sync_scheduler: MetricSyncScheduler,
    metric_sync_scheduler_seconds: float,
) -> None:
    """The metrics context's background loop: due syncs to the content-ad-management agent."""
    await metric_sync_scheduler.run(stop, interval_seconds=metric_sync_scheduler_seconds)
