"""Channel accounts: discovery from a brand's integration, reading, settings and removal."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from umt.application.channels.account_queries import GetChannelAccount, ListChannelAccounts
from umt.application.channels.brand_channels import BrandChannels, ListBrandChannels
from umt.application.channels.discover_accounts import DiscoverChannelAccounts, Discovery
from umt.application.channels.remove_account import RemoveChannelAccount
from umt.application.channels.update_account import UpdateChannelAccount
from umt.domain.integration.errors import PlatformError
from umt.domain.publishing.channel_account import ChannelAccount
from umt.entrypoints.http.channels.examples import (
    ACCOUNT_OK,
    ACCOUNT_UPDATED_OK,
    ACCOUNTS_OK,
    BRAND_CHANNELS_OK,
    DISCOVERY_OK,
)
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.etags import etag, required_version
from umt.entrypoints.http.integrations.controllers import platform_error_handler
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.channels import (
    AccountStatusName,
    BrandChannelsOut,
    ChannelAccountList,
    ChannelAccountOut,
    ChannelAccountPatch,
    DiscoverIn,
    DiscoveryOut,
    KindName,
    account_out,
    brand_channels_out,
    discovery_out,
)
from umt.entrypoints.http.schemas.common import given
from umt.ports.pagination import Page as DomainPage

ChannelFilter = Annotated[ChannelName | None, QueryParameter(description="Filter by channel")]
KindFilter = Annotated[KindName | None, QueryParameter(description="Filter by kind")]
StatusFilter = Annotated[AccountStatusName | None, QueryParameter(description="Filter by status")]


def account_response(account: ChannelAccount) -> Response[ChannelAccountOut]:
    return Response(
        account_out(account), status_code=HTTP_200_OK, headers={"ETag": etag(account.version)}
    )


class DiscoveryController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/channel-accounts"
    tags = ["channel accounts"]
    security = BEARER
    exception_handlers = {PlatformError: platform_error_handler}

    @post(
        "/discover",
        status_code=HTTP_200_OK,
        summary="Discover what an integration can publish to or advertise on, for the brand",
        description=(
            "Asks the platform for the destinations the integration's grant reaches (Pages and "
            "their Instagram accounts, LinkedIn organizations, boards, audiences, ad accounts, "
            "the sandbox's accounts); adds new ones to the brand, refreshes known ones and "
            "marks the brand's accounts of this integration it no longer lists as `gone`. "
            "Tokens of destinations that carry their own are sealed in the vault and never "
            "shown. An unknown integration is a 422; a platform failure is a typed problem "
            "(`platform_token_expired`, 429, 503 ...)."
        ),
        operation_class=DISCOVERY_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(DiscoverChannelAccounts),
    )
    async def discover(
        self, brand_id: FromPath[UUID], data: JSONBody[DiscoverIn], principal: Caller, bus: Bus
    ) -> DiscoveryOut:
        command = DiscoverChannelAccounts(brand_id=brand_id, **given(data))
        return discovery_out(await bus.ask(command, Discovery, principal))


class BrandChannelsController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/channels"
    tags = ["channel accounts"]
    security = BEARER

    @get(
        "/",
        summary="The brand's channel → platform mapping",
        description=(
            "For each of the brand's channels (those its channel accounts serve and those its "
            "audiences prefer), the accounts that serve it: platform, kind, status (with the "
            "reason when its integration was disconnected) and time zone, and whether any can "
            "be published to now. A preferred channel no account serves has none."
        ),
        operation_class=BRAND_CHANNELS_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListBrandChannels),
    )
    async def list_channels(
        self, brand_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> BrandChannelsOut:
        query = ListBrandChannels(brand_id=brand_id)
        return brand_channels_out(await bus.ask(query, BrandChannels, principal))


class ChannelAccountController(Controller):
    path = "/api/v1/channel-accounts"
    tags = ["channel accounts"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @get(
        "/",
        summary="The organization's channel accounts (a brand-limited member sees theirs)",
        operation_class=ACCOUNTS_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListChannelAccounts),
    )
    async def list_accounts(
        self,
        principal: Caller,
        bus: Bus,
        page: Paging,
        brand_id: FromQuery[UUID | None] = None,
        integration_id: FromQuery[UUID | None] = None,
        channel: ChannelFilter = None,
        kind: KindFilter = None,
        status: StatusFilter = None,
    ) -> ChannelAccountList:
        query = ListChannelAccounts(
            brand_id=brand_id,
            integration_id=integration_id,
            channel=channel,
            kind=kind,
            status=status,
            page=page,
        )
        found = await bus.ask(query, DomainPage[ChannelAccount], principal)
        return ChannelAccountList(
            items=[account_out(a) for a in found.items], next_cursor=found.next_cursor
        )

    @get(
        "/{account_id:uuid}",
        summary="A channel account",
        operation_class=ACCOUNT_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetChannelAccount),
    )
    async def get_account(
        self, account_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[ChannelAccountOut]:
        query = GetChannelAccount(account_id=account_id)
        return account_response(await bus.ask(query, ChannelAccount, principal))

    @patch(
        "/{account_id:uuid}",
        summary="Change a channel account's settings (If-Match)",
        description=(
            "The channel it serves (one its kind can serve), its IANA time zone, the local "
            "daily cap (null: none), the minimum minutes between two posts, and "
            "`active`/`disabled`. A `gone` account cannot be made active until a discovery "
            "finds it again (409 `channel_account_gone`); one whose integration was "
            "disconnected is switched on by connecting the platform account again and a "
            "discovery (409 `integration_disconnected`)."
        ),
        operation_class=ACCOUNT_UPDATED_OK,
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateChannelAccount),
    )
    async def update_account(
        self,
        account_id: FromPath[UUID],
        data: JSONBody[ChannelAccountPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[ChannelAccountOut]:
        command = UpdateChannelAccount(
            account_id=account_id, changes=given(data), expected_version=required_version(if_match)
        )
        return account_response(await bus.ask(command, ChannelAccount, principal))

    @delete(
        "/{account_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a channel account from its brand (If-Match); its token goes with it",
        responses=VERSIONED_ERRORS,
        opt=requires_for(RemoveChannelAccount),
    )
    async def remove_account(
        self,
        account_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        command = RemoveChannelAccount(
            account_id=account_id, expected_version=required_version(if_match)
        )
        await bus.execute(command, principal)
