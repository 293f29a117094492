"""``platform.channel_accounts`` (as /api/v1/brands/{id}/channel-accounts/discover,
/api/v1/brands/{id}/channels and /api/v1/channel-accounts).

Discover what a connected integration can publish to or advertise on for a brand, read the
brand's accounts, change their settings (against the version read) and remove them. Tokens
never come back: an account only says whether it has its own.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from umt.application.channels.account_queries import GetChannelAccount, ListChannelAccounts
from umt.application.channels.brand_channels import BrandChannels, ListBrandChannels
from umt.application.channels.discover_accounts import DiscoverChannelAccounts, Discovery
from umt.application.channels.remove_account import RemoveChannelAccount
from umt.application.channels.update_account import UpdateChannelAccount
from umt.application.channels.views import BrandChannelsView, ChannelAccountView, DiscoveryView
from umt.application.read_models import page_of
from umt.domain.publishing.channel_account import ChannelAccount
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.pagination import Page, PageRequest


class ChannelAccountsApi(BusApi):
    """A brand's channel accounts (``channels:manage`` to discover and change them)."""

    async def _account(self, session: Session, message: object) -> ChannelAccountView:
        return ChannelAccountView.from_aggregate(await self._ask(session, message, ChannelAccount))

    async def discover(
        self,
        session: Session,
        brand_id: UUID,
        *,
        integration_id: UUID,
        channel: str | None = None,
    ) -> DiscoveryView:
        """Ask the integration's platform for its destinations and add them to the brand
        (``channel``: the channel new accounts serve, where their kind can)."""
        command = DiscoverChannelAccounts(
            brand_id=brand_id, integration_id=integration_id, channel=channel
        )
        return DiscoveryView.from_result(await self._ask(session, command, Discovery))

    async def get(self, session: Session, account_id: UUID) -> ChannelAccountView:
        return await self._account(session, GetChannelAccount(account_id=account_id))

    async def list(
        self,
        session: Session,
        *,
        brand_id: UUID | None = None,
        integration_id: UUID | None = None,
        channel: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[ChannelAccountView]:
        """A page of the accounts (``items``, ``next_cursor``: pass it as ``page.cursor``)."""
        query = ListChannelAccounts(
            brand_id=brand_id,
            integration_id=integration_id,
            channel=channel,
            kind=kind,
            status=status,
            page=page or PageRequest(),
        )
        found = await self._ask(session, query, Page[ChannelAccount])
        return page_of(found, ChannelAccountView.from_aggregate)

    async def by_channel(self, session: Session, brand_id: UUID) -> BrandChannelsView:
        """The brand's channel → platform mapping: for each of its channels (those its
        accounts serve and those its audiences prefer) the accounts that serve it."""
        found = await self._ask(session, ListBrandChannels(brand_id=brand_id), BrandChannels)
        return BrandChannelsView.from_result(found)

    async def update(
        self,
        session: Session,
        account_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> ChannelAccountView:
        """Change ``channel``, ``time_zone``, ``daily_cap``, ``min_spacing_minutes`` or
        ``status`` (active/disabled)."""
        command = UpdateChannelAccount(
            account_id=account_id, changes=changes, expected_version=expected_version
        )
        return await self._account(session, command)

    async def remove(
        self, session: Session, account_id: UUID, *, expected_version: int | None
    ) -> None:
        command = RemoveChannelAccount(account_id=account_id, expected_version=expected_version)
        await self._send(session, command)
