"""Read models of the channel accounts, for callers outside the application (the library):
frozen snapshots that share nothing with the aggregates; no token is on them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from uuid import UUID

from umt.application.channels.brand_channels import BrandChannels
from umt.application.channels.discover_accounts import Discovery
from umt.application.read_models import snapshot
from umt.domain.brand.channels import Channel
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount, StatusReason
from umt.domain.publishing.channel_kinds import ChannelKind, Role


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelAccountView:
    """A destination of a brand: where it lives, what it serves, its local limits."""

    id: UUID
    organization_id: UUID
    brand_id: UUID
    integration_id: UUID
    platform: Platform
    kind: ChannelKind
    role: Role
    external_id: str
    name: str
    channel: Channel
    time_zone: str
    currency: str | None
    details: Mapping[str, str]  # read-only: the platform's non-secret facts
    has_own_credentials: bool
    status: AccountStatus
    status_reason: StatusReason | None  # why it is disabled, when no person disabled it
    daily_cap: int | None
    min_spacing_minutes: int
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_aggregate(cls, account: ChannelAccount) -> ChannelAccountView:
        return snapshot(cls, account, details=MappingProxyType(dict(account.details)))


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscoveryView:
    """The brand's accounts of an integration after a discovery, and what it changed."""

    accounts: tuple[ChannelAccountView, ...]
    added: int
    refreshed: int
    gone: int

    @classmethod
    def from_result(cls, discovery: Discovery) -> DiscoveryView:
        return cls(
            accounts=tuple(ChannelAccountView.from_aggregate(a) for a in discovery.accounts),
            added=discovery.added,
            refreshed=discovery.refreshed,
            gone=discovery.gone,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandChannelView:
    """One channel of a brand and the accounts that serve it."""

    channel: Channel
    preferred: bool  # an audience of the brand prefers it
    publishable: bool  # at least one of its accounts can be published to now
    accounts: tuple[ChannelAccountView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandChannelsView:
    """A brand's channel → platform mapping (what the calendar shows)."""

    brand_id: UUID
    time_zone: str
    channels: tuple[BrandChannelView, ...]

    @classmethod
    def from_result(cls, mapping: BrandChannels) -> BrandChannelsView:
        return cls(
            brand_id=mapping.brand_id,
            time_zone=mapping.time_zone,
            channels=tuple(
                BrandChannelView(
                    channel=c.channel,
                    preferred=c.preferred,
                    publishable=c.publishable,
                    accounts=tuple(ChannelAccountView.from_aggregate(a) for a in c.accounts),
                )
                for c in mapping.channels
            ),
        )
