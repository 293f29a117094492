"""The integration scheduler: claims integrations whose token refresh or health check is due
and hands each to the auth-integration agent as a task.

Safe with several instances: a claim moves the row's due time ``lease`` ahead in the claiming
transaction (rows another scheduler holds are skipped on PostgreSQL), so each due piece of
work is handed out once; the task reschedules it when it runs. A task lost on the way is
claimed again once the lease runs out. The task's idempotency key names the integration and
the due time, so a redelivered task is not run twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta

from umt.application.agents.task_payload import encode
from umt.application.messaging.envelope import Header, MessageType, TaskMessage
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.integration_repository import DueIntegration, DueWork
from umt.ports.message_broker import MessageBroker
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

AGENT = "auth-integration"
REFRESH_TASK = "integration.refresh_tokens"
HEALTH_TASK = "integration.check_health"
_TASKS = {DueWork.REFRESH: REFRESH_TASK, DueWork.HEALTH_CHECK: HEALTH_TASK}


class IntegrationScheduler:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        broker: MessageBroker,
        *,
        clock: Clock,
        ids: IdGenerator,
        lease: timedelta = timedelta(minutes=5),
        batch: int = 50,
    ) -> None:
        self._uow_factory = uow_factory
        self._broker = broker
        self._clock = clock
        self._ids = ids
        self._lease = lease
        self._batch = batch

    async def tick(self) -> int:
        """Claim and submit what is due now; how many tasks were submitted."""
        submitted = 0
        for work in DueWork:
            now = self._clock.now()
            async with self._uow_factory() as uow:
                due = await uow.integrations.claim_due(
                    work, now=now, retry_at=now + self._lease, limit=self._batch
                )
                await uow.commit()
            for item in due:
                await self._submit(_TASKS[work], item)
                submitted += 1
        return submitted

    async def _submit(self, task_type: str, item: DueIntegration) -> None:
        task = TaskMessage(
            header=Header(
                message_id=self._ids.new_id(),
                message_type=MessageType.TASK,
                sender_id="integration-scheduler",
                timestamp=self._clock.now(),
            ),
            task_type=task_type,
            payload=encode(
                {
                    "integration_id": str(item.integration_id),
                    "organization_id": str(item.organization_id),
                },
                None,
            ),
            timeout_seconds=60,
            idempotency_key=f"{task_type}:{item.integration_id}:{item.due_at.isoformat()}",
        )
        await self._broker.publish_task(AGENT, task.to_json())

    async def run(self, stop: asyncio.Event, *, interval_seconds: float = 30.0) -> None:
        """Tick every ``interval_seconds`` until ``stop`` is set; a failed tick is logged and
        retried at the next one (an outage must not end the loop)."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("integration scheduler tick failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval_seconds):
                    await stop.wait()


async def run_integration_scheduler(
    stop: asyncio.Event,
    *,
    integration_scheduler: IntegrationScheduler,
    integration_scheduler_seconds: float,
) -> None:
    """The integration context's background loop: token refresh and health checks."""
    await integration_scheduler.run(stop, interval_seconds=integration_scheduler_seconds)
