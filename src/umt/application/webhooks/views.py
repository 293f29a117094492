"""Read models of outbound webhooks handed to callers outside the application (the library).
A subscription's sealed signing secret is left out (its plain text is returned once, by
``SubscriptionWithSecretView``). See ``umt.application.read_models`` for what a view
guarantees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from umt.application.read_models import snapshot
from umt.application.webhooks.create_subscription import SubscriptionWithSecret
from umt.domain.integration.deliveries import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from umt.domain.integration.webhooks import WebhookSubscription


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookSubscriptionView:
    id: UUID
    organization_id: UUID
    url: str
    event_types: tuple[str, ...]
    description: str
    active: bool
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def from_aggregate(cls, subscription: WebhookSubscription) -> WebhookSubscriptionView:
        return snapshot(cls, subscription)


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionWithSecretView:
    subscription: WebhookSubscriptionView
    secret: str  # shown once; umt keeps only the sealed form

    def __repr__(self) -> str:  # never the secret in a log line or a traceback
        return f"SubscriptionWithSecretView(subscription={self.subscription.id}, secret=<hidden>)"

    @classmethod
    def from_result(cls, result: SubscriptionWithSecret) -> SubscriptionWithSecretView:
        return cls(
            subscription=WebhookSubscriptionView.from_aggregate(result.subscription),
            secret=result.secret,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookDeliveryView:
    """One delivery of an event to a subscription, with every attempt made."""

    id: UUID
    organization_id: UUID
    subscription_id: UUID
    event_id: UUID
    event_type: str
    payload: dict[str, Any]  # a copy of the body sent
    source_key: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    updated_at: datetime
    last_status_code: int | None
    last_error: str | None
    replay_of: UUID | None
    attempt_log: tuple[DeliveryAttempt, ...]

    @classmethod
    def from_aggregate(cls, delivery: WebhookDelivery) -> WebhookDeliveryView:
        return snapshot(cls, delivery, attempt_log=tuple(delivery.attempt_log))
