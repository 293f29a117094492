"""UpdateWebhookSubscription: change the URL, the event types, the description, or pause it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.application.webhooks.config import WebhookConfig
from umt.application.webhooks.loading import load_subscription
from umt.domain.brand.brand import check_version
from umt.domain.identity.permissions import Permission
from umt.domain.integration.webhooks import WebhookSubscription, webhook_url
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateWebhookSubscription:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    subscription_id: UUID
    changes: Mapping[str, Any] = field(default_factory=dict)  # url, event_types, active, …
    expected_version: int | None = None


async def update_webhook_subscription(
    cmd: UpdateWebhookSubscription,
    ctx: Context,
    *,
    clock: Clock,
    webhooks: WebhookConfig,
) -> WebhookSubscription:
    actor = ctx.actor()
    actor.require(UpdateWebhookSubscription.use_case.permission)
    config = webhooks
    changes = cmd.changes
    url = changes.get("url")
    async with ctx.uow as uow:
        subscription = await load_subscription(uow, actor, cmd.subscription_id)
        check_version(cmd.expected_version, subscription.version, "the subscription")
        subscription.change(
            now=clock.now(),
            url=webhook_url(url, allow_private=config.allow_private_urls) if url else None,
            event_types=tuple(changes["event_types"]) if "event_types" in changes else None,
            active=changes.get("active"),
            description=changes.get("description"),
        )
        await uow.webhook_subscriptions.save(subscription)
        await uow.commit()
    return subscription
