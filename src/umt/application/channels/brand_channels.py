"""ListBrandChannels: a brand's channel → platform mapping, the read the calendar uses.

For each of the brand's channels, the channel accounts that serve it (where each lives, its
status and time zone). A brand's channels are those its accounts serve and those its
audiences prefer; a preferred channel no account serves is listed with none, so a calendar
can show what is not connected yet. Channels come in the order of ``Channel``, accounts
oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.ids import BrandId
from umt.ports.channel_account_repository import ChannelAccountFilter


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBrandChannels:
    use_case: ClassVar = UseCase(
        Permission.CHANNELS_READ, task="brand_channel.list", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    brand_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandChannel:
    """One channel of the brand and the accounts that serve it."""

    channel: Channel
    preferred: bool  # an audience of the brand prefers it
    accounts: tuple[ChannelAccount, ...]

    @property
    def publishable(self) -> bool:
        """At least one of its accounts can be published to now."""
        return any(account.publishable for account in self.accounts)


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandChannels:
    brand_id: BrandId
    time_zone: str  # the brand's: what an account without a zone of its own plans in
    channels: tuple[BrandChannel, ...]


async def list_brand_channels(query: ListBrandChannels, ctx: Context) -> BrandChannels:
    actor = ctx.actor()
    actor.require(ListBrandChannels.use_case.permission)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, query.brand_id)
        accounts = await uow.channel_accounts.list(
            actor.organization_id, ChannelAccountFilter(brand_id=brand.id)
        )
    preferred = {c for audience in brand.audiences.values() for c in audience.preferred_channels}
    served: dict[Channel, list[ChannelAccount]] = {}
    for account in accounts:
        served.setdefault(account.channel, []).append(account)
    channels = tuple(
        BrandChannel(
            channel=channel, preferred=channel in preferred, accounts=tuple(served.get(channel, ()))
        )
        for channel in Channel
        if channel in served or channel in preferred
    )
    return BrandChannels(brand_id=brand.id, time_zone=brand.time_zone, channels=channels)
