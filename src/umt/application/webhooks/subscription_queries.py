"""GetWebhookSubscription and ListWebhookSubscriptions (never the secret)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.application.webhooks.loading import load_subscription
from umt.domain.identity.permissions import Permission
from umt.domain.integration.webhooks import WebhookSubscription


@dataclass(frozen=True, slots=True)
class GetWebhookSubscription:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    subscription_id: UUID


@dataclass(frozen=True, slots=True)
class ListWebhookSubscriptions:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    pass


async def get_webhook_subscription(
    query: GetWebhookSubscription, ctx: Context
) -> WebhookSubscription:
    actor = ctx.actor()
    actor.require(GetWebhookSubscription.use_case.permission)
    async with ctx.uow as uow:
        return await load_subscription(uow, actor, query.subscription_id)


async def list_webhook_subscriptions(
    query: ListWebhookSubscriptions, ctx: Context
) -> list[WebhookSubscription]:
    actor = ctx.actor()
    actor.require(ListWebhookSubscriptions.use_case.permission)
    async with ctx.uow as uow:
        return await uow.webhook_subscriptions.list(actor.organization_id)
