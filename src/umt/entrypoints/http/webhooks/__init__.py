"""The webhooks context: platforms' deliveries in, the organization's subscriptions out."""

from __future__ import annotations

from umt.entrypoints.http.routers import ContextRouter
from umt.entrypoints.http.webhooks.controllers import (
    InboundWebhookController,
    WebhookDeliveryController,
    WebhookSubscriptionController,
)

router = ContextRouter(
    route_handlers=(
        InboundWebhookController,
        WebhookSubscriptionController,
        WebhookDeliveryController,
    )
)
