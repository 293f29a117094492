"""ListWebhookDeliveries (a subscription's newest, with every attempt) and GetWebhookDelivery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.application.webhooks.loading import load_delivery, load_subscription
from umt.domain.identity.permissions import Permission
from umt.domain.integration.deliveries import WebhookDelivery


@dataclass(frozen=True, slots=True)
class ListWebhookDeliveries:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    subscription_id: UUID
    limit: int = 50


@dataclass(frozen=True, slots=True)
class GetWebhookDelivery:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    delivery_id: UUID


async def list_webhook_deliveries(
    query: ListWebhookDeliveries, ctx: Context
) -> list[WebhookDelivery]:
    actor = ctx.actor()
    actor.require(ListWebhookDeliveries.use_case.permission)
    async with ctx.uow as uow:
        await load_subscription(uow, actor, query.subscription_id)
        return await uow.webhook_deliveries.list_for_subscription(
            actor.organization_id, query.subscription_id, limit=query.limit
        )


async def get_webhook_delivery(query: GetWebhookDelivery, ctx: Context) -> WebhookDelivery:
    actor = ctx.actor()
    actor.require(GetWebhookDelivery.use_case.permission)
    async with ctx.uow as uow:
        return await load_delivery(uow, actor, query.delivery_id)
