"""In-memory repositories of webhooks: subscriptions, deliveries (with attempts), inbound."""

from __future__ import annotations

import copy
from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import InMemoryRepository, InMemoryStore, Transaction, version_check
from umt.domain.integration.deliveries import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from umt.domain.integration.inbound import InboundWebhook
from umt.domain.integration.webhooks import WebhookSubscription
from umt.domain.shared.errors import Conflict
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.inbound_webhook_repository import InboundWebhookRepository
from umt.ports.webhook_delivery_repository import WebhookDeliveryRepository
from umt.ports.webhook_subscription_repository import WebhookSubscriptionRepository


class InMemoryWebhookSubscriptionRepository(InMemoryRepository, WebhookSubscriptionRepository):
    async def add(self, subscription: WebhookSubscription) -> None:
        snapshot = copy.deepcopy(subscription)
        self._tx.stage(lambda: self._store.webhook_subscriptions.__setitem__(snapshot.id, snapshot))

    async def get(self, organization_id: UUID, subscription_id: UUID) -> WebhookSubscription | None:
        stored = self._store.webhook_subscriptions.get(subscription_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return copy.deepcopy(stored)

    async def list(self, organization_id: UUID) -> list[WebhookSubscription]:
        found = [
            copy.deepcopy(s)
            for s in self._store.webhook_subscriptions.values()
            if s.organization_id == organization_id
        ]
        return sorted(found, key=lambda s: (s.created_at, s.id))

    async def save(self, subscription: WebhookSubscription) -> None:
        snapshot = copy.deepcopy(subscription)
        check = version_check(
            self._store.webhook_subscriptions,
            subscription.id,
            subscription.version - 1,
            "the webhook subscription",
        )
        self._tx.stage(
            lambda: self._store.webhook_subscriptions.__setitem__(snapshot.id, snapshot), check
        )

    async def remove(self, subscription: WebhookSubscription) -> None:
        def write() -> None:
            self._store.webhook_subscriptions.pop(subscription.id, None)
            deliveries = self._store.webhook_deliveries
            for delivery_id in [
                d.id for d in deliveries.values() if d.subscription_id == subscription.id
            ]:
                del deliveries[delivery_id]

        self._tx.stage(write)


class InMemoryWebhookDeliveryRepository(InMemoryRepository, WebhookDeliveryRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._staged: set[tuple[UUID, str]] = set()

    def _exists(self, subscription_id: UUID, source_key: str) -> bool:
        return any(
            d.subscription_id == subscription_id and d.source_key == source_key
            for d in self._store.webhook_deliveries.values()
        )

    async def add(self, delivery: WebhookDelivery) -> bool:
        key = (delivery.subscription_id, delivery.source_key)
        if key in self._staged or self._exists(*key):
            return False
        self._staged.add(key)
        snapshot = copy.deepcopy(delivery)

        def write() -> None:
            if not self._exists(*key):  # another unit of work committed it meanwhile
                self._store.webhook_deliveries[snapshot.id] = snapshot

        self._tx.stage(write)
        return True

    async def get(self, organization_id: UUID, delivery_id: UUID) -> WebhookDelivery | None:
        stored = self._store.webhook_deliveries.get(delivery_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return copy.deepcopy(stored)

    async def list_for_subscription(
        self, organization_id: UUID, subscription_id: UUID, *, limit: int
    ) -> list[WebhookDelivery]:
        found = [
            d
            for d in self._store.webhook_deliveries.values()
            if d.organization_id == organization_id and d.subscription_id == subscription_id
        ]
        found.sort(key=lambda d: (d.created_at, d.id), reverse=True)
        return [copy.deepcopy(d) for d in found[:limit]]

    async def claim_due(
        self, now: datetime, *, limit: int, lease_until: datetime
    ) -> list[WebhookDelivery]:
        # Applied at once, not staged: in one process the claim itself is the lock (no await
        # between choosing and leasing), as a committed SKIP LOCKED claim is on PostgreSQL.
        due = sorted(
            (
                d
                for d in self._store.webhook_deliveries.values()
                if d.status is DeliveryStatus.PENDING and d.next_attempt_at <= now
            ),
            key=lambda d: (d.next_attempt_at, d.id),
        )[:limit]
        for delivery in due:
            delivery.next_attempt_at = lease_until
        return [copy.deepcopy(d) for d in due]

    async def save(self, delivery: WebhookDelivery, attempt: DeliveryAttempt | None) -> None:
        snapshot = copy.deepcopy(delivery)

        def write() -> None:
            if snapshot.id in self._store.webhook_deliveries:  # not deleted meanwhile
                self._store.webhook_deliveries[snapshot.id] = snapshot

        self._tx.stage(write)


class InMemoryInboundWebhookRepository(InMemoryRepository, InboundWebhookRepository):
    async def add(self, webhook: InboundWebhook) -> bool:
        key = (webhook.platform.value, webhook.digest)
        if key in self._store.inbound_webhook_digests:
            return False

        def write() -> None:
            self._store.inbound_webhook_digests.add(key)
            self._store.inbound_webhooks[webhook.id] = webhook

        def still_new() -> None:
            # two copies racing: the later commit fails, as the unique index fails it in SQL
            if key in self._store.inbound_webhook_digests:
                raise Conflict("this webhook was stored meanwhile")

        self._tx.stage(write, still_new)
        return True

    async def get(self, webhook_id: UUID) -> InboundWebhook | None:
        return self._store.inbound_webhooks.get(webhook_id)
