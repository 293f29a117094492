"""RotateWebhookSecret: a new signing secret, returned once; the old one stops at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.application.webhooks.config import WebhookConfig, seal_secret
from umt.application.webhooks.create_subscription import SubscriptionWithSecret
from umt.application.webhooks.loading import load_subscription
from umt.domain.identity.permissions import Permission
from umt.domain.integration.signatures import standard
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True)
class RotateWebhookSecret:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    subscription_id: UUID


async def rotate_webhook_secret(
    cmd: RotateWebhookSecret, ctx: Context, *, clock: Clock, webhooks: WebhookConfig
) -> SubscriptionWithSecret:
    actor = ctx.actor()
    actor.require(RotateWebhookSecret.use_case.permission)
    config = webhooks
    secret = standard.new_secret()
    async with ctx.uow as uow:
        subscription = await load_subscription(uow, actor, cmd.subscription_id)
        sealed = seal_secret(
            config,
            secret,
            organization_id=subscription.organization_id,
            subscription_id=subscription.id,
        )
        subscription.rotate_secret(sealed, now=clock.now())
        await uow.webhook_subscriptions.save(subscription)
        await uow.commit()
    return SubscriptionWithSecret(subscription, secret)
