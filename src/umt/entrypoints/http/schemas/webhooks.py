"""Schemas of webhooks: subscriptions, deliveries and their attempts, inbound receipts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.integration.deliveries import DeliveryAttempt, WebhookDelivery
from umt.domain.integration.webhooks import WebhookSubscription
from umt.entrypoints.http.schemas.common import Input, UrlText

EventTypes = Annotated[
    list[Annotated[str, Meta(min_length=1, max_length=100, examples=["brand.*"])]],
    Meta(min_length=1, max_length=50),
]
Description = Annotated[str, Meta(max_length=500)]


class SubscriptionCreate(Input):
    url: UrlText
    event_types: EventTypes
    description: Description = ""


class SubscriptionPatch(Input):
    url: UrlText | UnsetType = UNSET
    event_types: EventTypes | UnsetType = UNSET
    active: bool | UnsetType = UNSET
    description: Description | UnsetType = UNSET


class SubscriptionOut(msgspec.Struct):
    id: UUID
    url: str
    event_types: list[str]
    description: str
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


class SubscriptionWithSecretOut(msgspec.Struct):
    """Answered by create and rotate-secret only: the secret is never shown again."""

    id: UUID
    url: str
    event_types: list[str]
    description: str
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime
    secret: str


class AttemptOut(msgspec.Struct):
    number: int
    attempted_at: datetime
    duration_ms: int
    status_code: int | None
    response_excerpt: str
    error: str | None


class DeliveryOut(msgspec.Struct):
    id: UUID
    subscription_id: UUID
    event_id: UUID
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    replay_of: UUID | None
    created_at: datetime
    updated_at: datetime
    attempt_log: list[AttemptOut]


class ChallengeOut(msgspec.Struct, omit_defaults=True):
    """For the OpenAPI document: what the verification answers may hold."""

    response_token: str | UnsetType = UNSET
    challengeCode: str | UnsetType = UNSET  # noqa: N815 - LinkedIn's field names
    challengeResponse: str | UnsetType = UNSET  # noqa: N815


class ReceiptOut(msgspec.Struct):
    received: bool
    duplicate: bool


def subscription_out(s: WebhookSubscription) -> SubscriptionOut:
    return SubscriptionOut(
        id=s.id,
        url=s.url,
        event_types=list(s.event_types),
        description=s.description,
        active=s.active,
        version=s.version,
        created_at=s.created_at,
        updated_at=s.updated_at,
    )


def subscription_with_secret_out(s: WebhookSubscription, secret: str) -> SubscriptionWithSecretOut:
    return SubscriptionWithSecretOut(**msgspec.structs.asdict(subscription_out(s)), secret=secret)


def _attempt_out(a: DeliveryAttempt) -> AttemptOut:
    return AttemptOut(
        number=a.number,
        attempted_at=a.attempted_at,
        duration_ms=a.duration_ms,
        status_code=a.status_code,
        response_excerpt=a.response_excerpt,
        error=a.error,
    )


def delivery_out(d: WebhookDelivery) -> DeliveryOut:
    return DeliveryOut(
        id=d.id,
        subscription_id=d.subscription_id,
        event_id=d.event_id,
        event_type=d.event_type,
        status=d.status.value,
        attempts=d.attempts,
        next_attempt_at=d.next_attempt_at if d.status.value == "pending" else None,
        last_status_code=d.last_status_code,
        last_error=d.last_error,
        replay_of=d.replay_of,
        created_at=d.created_at,
        updated_at=d.updated_at,
        attempt_log=[_attempt_out(a) for a in d.attempt_log],
    )
