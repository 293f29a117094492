"""Events of the channel accounts: discovered, updated (settings, refreshed names, gone) and
removed. Webhooks fan them out like every other event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import Changes, EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountFound(EventFacts):
    """A destination added to a brand: where it lives and which channel it serves."""

    brand_id: UUID
    integration_id: UUID
    kind: str
    external_id: str
    name: str
    channel: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountGone(EventFacts):
    """A destination taken off a brand."""

    brand_id: UUID
    kind: str
    external_id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelAccountDiscovered(TypedEvent[AccountFound]):
    event_type: ClassVar[str] = "channel_account.discovered"
    aggregate_type: ClassVar[str] = "channel_account"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelAccountUpdated(TypedEvent[Changes]):
    event_type: ClassVar[str] = "channel_account.updated"
    aggregate_type: ClassVar[str] = "channel_account"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelAccountRemoved(TypedEvent[AccountGone]):
    event_type: ClassVar[str] = "channel_account.removed"
    aggregate_type: ClassVar[str] = "channel_account"
