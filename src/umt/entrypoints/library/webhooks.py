"""``platform.webhooks``: outbound subscriptions and their deliveries (as
/api/v1/webhooks), and ``receive`` for a service that takes platform webhooks in itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from umt.application.webhooks.create_subscription import (
    CreateWebhookSubscription,
    SubscriptionWithSecret,
)
from umt.application.webhooks.delete_subscription import DeleteWebhookSubscription
from umt.application.webhooks.delivery_queries import GetWebhookDelivery, ListWebhookDeliveries
from umt.application.webhooks.receive_webhook import Receipt, ReceiveWebhook
from umt.application.webhooks.replay_delivery import ReplayWebhookDelivery
from umt.application.webhooks.rotate_secret import RotateWebhookSecret
from umt.application.webhooks.subscription_queries import (
    GetWebhookSubscription,
    ListWebhookSubscriptions,
)
from umt.application.webhooks.update_subscription import UpdateWebhookSubscription
from umt.application.webhooks.verification import InboundRequest
from umt.application.webhooks.views import (
    SubscriptionWithSecretView,
    WebhookDeliveryView,
    WebhookSubscriptionView,
)
from umt.domain.integration.deliveries import WebhookDelivery
from umt.domain.integration.webhooks import WebhookSubscription
from umt.entrypoints.library.session import BusApi, Session


class WebhooksApi(BusApi):
    """Outbound subscriptions (``webhooks:manage``: owners and admins) and, for a service that
    receives platform webhooks itself, ``receive`` to verify and store one."""

    async def _subscription(self, session: Session, message: object) -> WebhookSubscriptionView:
        found = await self._ask(session, message, WebhookSubscription)
        return WebhookSubscriptionView.from_aggregate(found)

    async def _with_secret(self, session: Session, message: object) -> SubscriptionWithSecretView:
        created = await self._ask(session, message, SubscriptionWithSecret)
        return SubscriptionWithSecretView.from_result(created)

    async def _delivery(self, session: Session, message: object) -> WebhookDeliveryView:
        found = await self._ask(session, message, WebhookDelivery)
        return WebhookDeliveryView.from_aggregate(found)

    async def subscribe(
        self, session: Session, url: str, event_types: list[str], description: str = ""
    ) -> SubscriptionWithSecretView:
        """A new subscription; ``.secret`` is its signing secret, returned this once."""
        command = CreateWebhookSubscription(
            url=url, event_types=tuple(event_types), description=description
        )
        return await self._with_secret(session, command)

    async def list(self, session: Session) -> list[WebhookSubscriptionView]:
        found = await self._ask(session, ListWebhookSubscriptions(), list[WebhookSubscription])
        return [WebhookSubscriptionView.from_aggregate(s) for s in found]

    async def get(self, session: Session, subscription_id: UUID) -> WebhookSubscriptionView:
        return await self._subscription(session, GetWebhookSubscription(subscription_id))

    async def update(
        self,
        session: Session,
        subscription_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> WebhookSubscriptionView:
        """Change ``url``, ``event_types``, ``description`` or ``active``."""
        command = UpdateWebhookSubscription(
            subscription_id=subscription_id, changes=changes, expected_version=expected_version
        )
        return await self._subscription(session, command)

    async def delete(
        self, session: Session, subscription_id: UUID, *, expected_version: int | None
    ) -> None:
        command = DeleteWebhookSubscription(subscription_id, expected_version=expected_version)
        await self._send(session, command)

    async def rotate_secret(
        self, session: Session, subscription_id: UUID
    ) -> SubscriptionWithSecretView:
        return await self._with_secret(session, RotateWebhookSecret(subscription_id))

    async def deliveries(
        self, session: Session, subscription_id: UUID, *, limit: int = 50
    ) -> Sequence[WebhookDeliveryView]:
        query = ListWebhookDeliveries(subscription_id, limit)
        found = await self._ask(session, query, list[WebhookDelivery])
        return [WebhookDeliveryView.from_aggregate(d) for d in found]

    async def delivery(self, session: Session, delivery_id: UUID) -> WebhookDeliveryView:
        return await self._delivery(session, GetWebhookDelivery(delivery_id))

    async def replay(self, session: Session, delivery_id: UUID) -> WebhookDeliveryView:
        """Send the delivery's event again, as a new delivery."""
        return await self._delivery(session, ReplayWebhookDelivery(delivery_id))

    async def receive(
        self,
        platform: str,
        body: bytes,
        headers: dict[str, str],
        *,
        method: str = "POST",
        url: str = "",
        query: dict[str, str] | None = None,
    ) -> Receipt:
        """Verify and store a platform's webhook (WebhookSignatureInvalid when it is not
        genuine); ``duplicate`` is true for a replay, which is not stored again."""
        request = InboundRequest(
            platform=platform,
            method=method,
            url=url,
            headers={k.lower(): v for k, v in headers.items()},
            query=query or {},
            body=body,
        )
        return await self._bus.ask(ReceiveWebhook(request), Receipt)
