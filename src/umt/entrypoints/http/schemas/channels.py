"""Request and response bodies of the channel accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.application.channels.brand_channels import BrandChannels
from umt.application.channels.discover_accounts import Discovery
from umt.domain.publishing.channel_account import ChannelAccount
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.common import Input, TimeZoneText

AccountStatusName = Literal["active", "disabled", "gone"]
KindName = Literal[
    "facebook_page",
    "instagram_account",
    "linkedin_organization",
    "linkedin_member",
    "x_account",
    "pinterest_board",
    "wordpress_site",
    "mailchimp_audience",
    "meta_ad_account",
    "google_ads_customer",
    "sandbox_account",
    "sandbox_ad_account",
]
DailyCap = Annotated[
    int, Meta(ge=1, le=10_000, examples=[20], description="Posts per rolling 24 hours")
]
Spacing = Annotated[
    int,
    Meta(ge=0, le=7 * 24 * 60, examples=[60], description="Minutes between two posts"),
]


class DiscoverIn(Input):
    """Which connected integration to ask, and the channel its new accounts should serve
    (where their kind can; else each kind's own channel)."""

    integration_id: Annotated[UUID, Meta(examples=["0193a3c2-5f1e-7c4a-9a51-1f6c0f3e2a10"])]
    channel: ChannelName | None = None


class ChannelAccountPatch(Input):
    """A person's settings; anything left out stays."""

    channel: ChannelName | UnsetType = UNSET
    time_zone: TimeZoneText | UnsetType = UNSET
    daily_cap: DailyCap | UnsetType | None = UNSET  # null: no local cap
    min_spacing_minutes: Spacing | UnsetType = UNSET
    status: Literal["active", "disabled"] | UnsetType = UNSET


class ChannelAccountOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    integration_id: UUID
    platform: str
    kind: str
    role: str  # publish, email or advertise
    external_id: str
    name: str
    channel: str
    time_zone: str
    currency: str | None
    details: dict[str, str]
    has_own_credentials: bool  # the token itself is never shown
    status: str
    # why it is disabled when no person disabled it: integration_revoked (its integration
    # was disconnected; connecting the account again and a discovery make it active again)
    status_reason: str | None
    daily_cap: int | None
    min_spacing_minutes: int
    version: int
    created_at: datetime
    updated_at: datetime


class ChannelAccountList(msgspec.Struct):
    items: list[ChannelAccountOut]
    next_cursor: str | None = None  # the next page's cursor; None on the last page


class DiscoveryOut(msgspec.Struct):
    """The brand's accounts of the integration after discovery, and what it changed."""

    added: int
    refreshed: int
    gone: int
    items: list[ChannelAccountOut]


class MappedAccountOut(msgspec.Struct):
    """A channel account as the brand's channel mapping shows it."""

    id: UUID
    integration_id: UUID
    platform: Annotated[str, Meta(examples=["meta"])]
    kind: Annotated[str, Meta(examples=["facebook_page"])]
    role: Annotated[str, Meta(examples=["publish"])]
    external_id: str
    name: Annotated[str, Meta(examples=["Acme Coffee"])]
    status: Annotated[str, Meta(examples=["active"])]
    status_reason: Annotated[str | None, Meta(examples=[None, "integration_revoked"])]
    time_zone: Annotated[str, Meta(examples=["Europe/Berlin"])]


class BrandChannelOut(msgspec.Struct):
    """One channel of the brand and the accounts that serve it."""

    channel: Annotated[str, Meta(examples=["facebook"])]
    preferred: Annotated[bool, Meta(description="An audience of the brand prefers it")]
    publishable: Annotated[
        bool, Meta(description="At least one of its accounts can be published to now")
    ]
    accounts: list[MappedAccountOut]


class BrandChannelsOut(msgspec.Struct):
    """A brand's channel → platform mapping."""

    brand_id: UUID
    time_zone: Annotated[str, Meta(examples=["Europe/Berlin"])]
    items: list[BrandChannelOut]


def brand_channels_out(mapping: BrandChannels) -> BrandChannelsOut:
    return BrandChannelsOut(
        brand_id=mapping.brand_id,
        time_zone=mapping.time_zone,
        items=[
            BrandChannelOut(
                channel=c.channel.value,
                preferred=c.preferred,
                publishable=c.publishable,
                accounts=[
                    MappedAccountOut(
                        id=a.id,
                        integration_id=a.integration_id,
                        platform=a.platform.value,
                        kind=a.kind.value,
                        role=a.role.value,
                        external_id=a.external_id,
                        name=a.name,
                        status=a.status.value,
                        status_reason=None if a.status_reason is None else a.status_reason.value,
                        time_zone=a.time_zone,
                    )
                    for a in c.accounts
                ],
            )
            for c in mapping.channels
        ],
    )


def account_out(account: ChannelAccount) -> ChannelAccountOut:
    return ChannelAccountOut(
        id=account.id,
        brand_id=account.brand_id,
        integration_id=account.integration_id,
        platform=account.platform.value,
        kind=account.kind.value,
        role=account.role.value,
        external_id=account.external_id,
        name=account.name,
        channel=account.channel.value,
        time_zone=account.time_zone,
        currency=account.currency,
        details=dict(account.details),
        has_own_credentials=account.has_own_credentials,
        status=account.status.value,
        status_reason=None if account.status_reason is None else account.status_reason.value,
        daily_cap=account.daily_cap,
        min_spacing_minutes=account.min_spacing_minutes,
        version=account.version,
        created_at=account.created_at,
        updated_at=account.updated_at,
    )


def discovery_out(discovery: Discovery) -> DiscoveryOut:
    return DiscoveryOut(
        added=discovery.added,
        refreshed=discovery.refreshed,
        gone=discovery.gone,
        items=[account_out(a) for a in discovery.accounts],
    )
