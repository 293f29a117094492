"""CreateWebhookSubscription: an organization's URL for the event types it names.

The signing secret is generated here, sealed for this subscription (organization and
subscription ids as the cipher's associated data) and returned in plaintext this once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.application.webhooks.config import WebhookConfig, seal_secret
from umt.domain.identity.permissions import Permission
from umt.domain.integration.signatures import standard
from umt.domain.integration.webhooks import WebhookSubscription, webhook_url
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateWebhookSubscription:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    url: str
    event_types: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class SubscriptionWithSecret:
    subscription: WebhookSubscription
    secret: str  # shown once; umt keeps only the sealed form

    def __repr__(self) -> str:  # never the secret in a log line or a traceback
        return f"SubscriptionWithSecret(subscription={self.subscription.id}, secret=<hidden>)"


async def create_webhook_subscription(
    cmd: CreateWebhookSubscription,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    webhooks: WebhookConfig,
) -> SubscriptionWithSecret:
    actor = ctx.actor()
    actor.require(CreateWebhookSubscription.use_case.permission)
    config = webhooks
    url = webhook_url(cmd.url, allow_private=config.allow_private_urls)
    subscription_id = ids.new_id()
    secret = standard.new_secret()
    subscription = WebhookSubscription.create(
        id=subscription_id,
        organization_id=actor.organization_id,
        url=url,
        event_types=cmd.event_types,
        description=cmd.description,
        secret=seal_secret(
            config,
            secret,
            organization_id=actor.organization_id,
            subscription_id=subscription_id,
        ),
        now=clock.now(),
    )
    async with ctx.uow as uow:
        await uow.webhook_subscriptions.add(subscription)
        await uow.commit()
    return SubscriptionWithSecret(subscription, secret)
