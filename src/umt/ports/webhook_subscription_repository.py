"""The WebhookSubscriptionRepository port: an organization's outbound webhook subscriptions."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from umt.domain.integration.webhooks import WebhookSubscription


class WebhookSubscriptionRepository(Protocol):
    async def add(self, subscription: WebhookSubscription) -> None: ...

    async def get(self, organization_id: UUID, subscription_id: UUID) -> WebhookSubscription | None:
        """The subscription, or None when absent or another organization's."""
        ...

    async def list(self, organization_id: UUID) -> list[WebhookSubscription]:
        """Every subscription of the organization, oldest first."""
        ...

    async def save(self, subscription: WebhookSubscription) -> None:
        """Store a changed subscription (``StaleVersion`` if someone changed it meanwhile)."""
        ...

    async def remove(self, subscription: WebhookSubscription) -> None:
        """Delete it and its deliveries."""
        ...
