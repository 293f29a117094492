"""Loading an organization's subscription or delivery, or NotFound (also for another's)."""

from __future__ import annotations

from uuid import UUID

from umt.application.principal import Principal
from umt.domain.integration.deliveries import WebhookDelivery
from umt.domain.integration.webhooks import WebhookSubscription
from umt.domain.shared.errors import NotFound
from umt.ports.unit_of_work import UnitOfWork


async def load_subscription(
    uow: UnitOfWork, actor: Principal, subscription_id: UUID
) -> WebhookSubscription:
    found = await uow.webhook_subscriptions.get(actor.organization_id, subscription_id)
    if found is None:
        raise NotFound("webhook subscription not found")
    return found


async def load_delivery(uow: UnitOfWork, actor: Principal, delivery_id: UUID) -> WebhookDelivery:
    found = await uow.webhook_deliveries.get(actor.organization_id, delivery_id)
    if found is None:
        raise NotFound("webhook delivery not found")
    return found
