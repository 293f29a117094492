"""ReplayWebhookDelivery: send an event again, as a new delivery (new id, fresh attempts).

The body is the original's, so its ``id`` (the event's) lets a receiver recognise the event;
the ``webhook-id`` header is the new delivery's, so a receiver that dropped the first one
does not discard the replay as a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.application.webhooks.loading import load_delivery, load_subscription
from umt.domain.identity.permissions import Permission
from umt.domain.integration.deliveries import WebhookDelivery
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True)
class ReplayWebhookDelivery:
    use_case: ClassVar = UseCase(Permission.WEBHOOKS_MANAGE)
    delivery_id: UUID


async def replay_webhook_delivery(
    cmd: ReplayWebhookDelivery, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> WebhookDelivery:
    actor = ctx.actor()
    actor.require(ReplayWebhookDelivery.use_case.permission)
    async with ctx.uow as uow:
        original = await load_delivery(uow, actor, cmd.delivery_id)
        subscription = await load_subscription(uow, actor, original.subscription_id)
        replay = WebhookDelivery.for_event(
            id=ids.new_id(),
            subscription=subscription,
            event_id=original.event_id,
            event_type=original.event_type,
            payload=original.payload,
            now=clock.now(),
            replay_of=original.id,
        )
        await uow.webhook_deliveries.add(replay)
        await uow.commit()
    return replay
