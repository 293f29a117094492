"""The WebhookDeliveryRepository port: deliveries of events to subscriptions, and their
attempts; ``claim_due`` hands due deliveries to one sender among several."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from umt.domain.integration.deliveries import DeliveryAttempt, WebhookDelivery


class WebhookDeliveryRepository(Protocol):
    async def add(self, delivery: WebhookDelivery) -> bool:
        """Insert; False (and nothing written) when the subscription already has a delivery
        with the same ``source_key`` (the same event fanned out twice)."""
        ...

    async def get(self, organization_id: UUID, delivery_id: UUID) -> WebhookDelivery | None:
        """With its attempts; None when absent or another organization's."""
        ...

    async def list_for_subscription(
        self, organization_id: UUID, subscription_id: UUID, *, limit: int
    ) -> list[WebhookDelivery]:
        """The newest ``limit`` deliveries with their attempts, newest first."""
        ...

    async def claim_due(
        self, now: datetime, *, limit: int, lease_until: datetime
    ) -> list[WebhookDelivery]:
        """Pending deliveries due by ``now`` that no other sender holds, oldest due first,
        now leased until ``lease_until`` (their ``next_attempt_at`` moves there, so a sender
        that dies lets them come due again). Rows other transactions hold are skipped."""
        ...

    async def save(self, delivery: WebhookDelivery, attempt: DeliveryAttempt | None) -> None:
        """Store the delivery's state and, when given, the attempt it just made."""
        ...
