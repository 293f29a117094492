"""Webhooks in: a delivery a platform made to umt, kept as received once it was verified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.domain.integration.platforms import Platform
from umt.domain.shared.events import EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundWebhook:
    id: UUID
    platform: Platform
    received_at: datetime
    scheme: str  # the verification scheme that accepted it, e.g. "meta-sha256"
    digest: str  # sha256 hex of what makes this delivery unique; the replay guard's key
    headers: dict[str, str]  # an allow-listed subset: content type, ids, timestamps
    body: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookStored(EventFacts):
    """A verified inbound webhook: its id, platform and the scheme that verified it."""

    webhook_id: UUID
    platform: str
    scheme: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookReceived(TypedEvent[WebhookStored]):
    """A platform's webhook was verified and stored (aggregate: the inbound webhook).

    Inbound webhooks belong to no organization yet (platforms address the app, not a
    tenant); ``organization_id`` is the nil UUID until a later issue routes them."""

    event_type: ClassVar[str] = "integration.webhook_received"
    aggregate_type: ClassVar[str] = "inbound_webhook"


NO_ORGANIZATION = UUID(int=0)
