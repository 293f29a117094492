"""The webhook sender loop: claims due deliveries, signs and POSTs them, records each attempt.

Several instances may run against one database: ``claim_due`` leases rows (``FOR UPDATE
SKIP LOCKED`` on PostgreSQL) by moving their ``next_attempt_at`` past the lease, and commits
at once, so no transaction stays open during an HTTP call and a sender that dies only delays
its deliveries by the lease. Each attempt is its own transaction afterwards.

Signing follows Standard Webhooks: ``webhook-id`` (the delivery id, the same on every retry),
``webhook-timestamp`` (the attempt's time) and ``webhook-signature: v1,<base64 HMAC-SHA256
(secret, id.timestamp.body)>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from umt.application.webhooks.config import WebhookConfig, open_secret
from umt.domain.integration.deliveries import (
    AttemptResult,
    DeliveryAttempt,
    DeliveryStatus,
    WebhookDelivery,
)
from umt.domain.integration.signatures import standard
from umt.domain.integration.webhooks import UnsafeWebhookUrl, webhook_url
from umt.ports.clock import Clock
from umt.ports.credential_cipher import CredentialUnreadable
from umt.ports.unit_of_work import UnitOfWork
from umt.ports.webhook_sender import WebhookSender

log = logging.getLogger("umt.webhooks")
USER_AGENT = "umt-webhooks/1"


@dataclass(slots=True)
class DispatchStats:
    rounds: int = 0
    attempts: int = 0
    delivered: int = 0
    failed: int = 0


def encode_body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


class WebhookDispatcher:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        sender: WebhookSender,
        config: WebhookConfig,
        clock: Clock,
        *,
        batch_size: int = 20,
        lease_seconds: float = 120.0,
        idle_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._uow_factory = uow_factory
        self._sender = sender
        self._config = config
        self._clock = clock
        self._batch_size = batch_size
        self._lease = timedelta(seconds=lease_seconds)
        self._idle_seconds = idle_seconds
        self._max_backoff_seconds = max_backoff_seconds
        self._jitter = jitter
        self.stats = DispatchStats()

    async def run_once(self) -> int:
        """One round: claim what is due, attempt each (concurrently). How many were tried."""
        self.stats.rounds += 1
        now = self._clock.now()
        async with self._uow_factory() as uow:
            claimed = await uow.webhook_deliveries.claim_due(
                now, limit=self._batch_size, lease_until=now + self._lease
            )
            await uow.commit()
        await asyncio.gather(*(self._attempt(delivery) for delivery in claimed))
        return len(claimed)

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set; a failing round is logged and backed off."""
        failed_in_a_row = 0
        while not stop.is_set():
            try:
                sent = await self.run_once()
            except Exception:
                failed_in_a_row += 1
                delay = min(0.5 * 2 ** min(failed_in_a_row - 1, 20), self._max_backoff_seconds)
                log.warning("webhook sender round failed, retrying in %.1f s", delay, exc_info=True)
                await _sleep_unless(stop, delay)
                continue
            failed_in_a_row = 0
            if sent == 0:
                await _sleep_unless(stop, self._idle_seconds)

    async def _attempt(self, delivery: WebhookDelivery) -> None:
        async with self._uow_factory() as uow:
            subscription = await uow.webhook_subscriptions.get(
                delivery.organization_id, delivery.subscription_id
            )
        reason: str | None = None
        secret = ""
        if subscription is None or not subscription.active:
            reason = "the subscription is deleted or inactive"
        else:
            try:
                secret = open_secret(self._config, subscription)
                webhook_url(subscription.url, allow_private=self._config.allow_private_urls)
            except CredentialUnreadable:
                reason = "the signing secret cannot be opened (rotate the secret)"
            except UnsafeWebhookUrl as exc:
                reason = exc.message
        attempt: DeliveryAttempt | None = None
        if reason is not None or subscription is None:
            delivery.give_up(reason or "no subscription", now=self._clock.now())
        else:
            body = encode_body(delivery)
            headers = {
                "content-type": "application/json",
                "user-agent": USER_AGENT,
                **standard.headers(
                    secret, str(delivery.id), int(self._clock.now().timestamp()), body
                ),
            }
            result: AttemptResult = await self._sender.post(subscription.url, body, headers)
            attempt = delivery.record(
                result,
                now=self._clock.now(),
                policy=self._config.retry,
                jitter=self._jitter(),
            )
            self.stats.attempts += 1
        async with self._uow_factory() as uow:
            await uow.webhook_deliveries.save(delivery, attempt)
            await uow.commit()
        if delivery.status is DeliveryStatus.DELIVERED:
            self.stats.delivered += 1
        elif delivery.status is DeliveryStatus.FAILED:
            self.stats.failed += 1
            log.info(
                "webhook delivery failed for good",
                extra={"delivery_id": str(delivery.id), "attempts": delivery.attempts},
            )


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()


async def run_webhook_sender(
    stop: asyncio.Event, *, webhook_sender: WebhookDispatcher | None
) -> None:
    """The webhooks context's background loop: deliveries sent and retried until ``stop``.
    ``None``: this deployment sends no webhooks from here (``UMT_RUN_WEBHOOK_SENDER=false``)."""
    if webhook_sender is not None:
        await webhook_sender.run(stop)
