"""DeleteWebhookSubscription: no more deliveries; its delivery history goes with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.application.webhooks.loading import load_subscription
from umt.domain.brand.brand import check_version
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True)
class DeleteWebhookSubscription:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    subscription_id: UUID
    expected_version: int | None = None  # None: whatever version is current


async def delete_webhook_subscription(cmd: DeleteWebhookSubscription, ctx: Context) -> None:
    actor = ctx.actor()
    actor.require(DeleteWebhookSubscription.use_case.permission)
    async with ctx.uow as uow:
        subscription = await load_subscription(uow, actor, cmd.subscription_id)
        check_version(cmd.expected_version, subscription.version, "the subscription")
        await uow.webhook_subscriptions.remove(subscription)
        await uow.commit()
