"""Queries on channel accounts: GetChannelAccount and ListChannelAccounts (a member limited to
some brands sees only theirs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.channels.loading import load_account
from umt.application.services import Context
from umt.application.shared.inputs import enum_value, require_sort
from umt.application.shared.paging import LIST_SORTS, paged
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Permission
from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import AccountStatus, ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.ids import BrandId
from umt.ports.channel_account_repository import ChannelAccountFilter
from umt.ports.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class GetChannelAccount:
    use_case: ClassVar = UseCase(
        Permission.CHANNELS_READ, task="channel_account.get", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    account_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListChannelAccounts:
    use_case: ClassVar = UseCase(
        Permission.CHANNELS_READ, task="channel_account.list", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    brand_id: UUID | None = None
    integration_id: UUID | None = None
    channel: str | None = None
    kind: str | None = None
    status: str | None = None
    page: PageRequest = field(default_factory=PageRequest)


async def get_channel_account(query: GetChannelAccount, ctx: Context) -> ChannelAccount:
    actor = ctx.actor()
    actor.require(GetChannelAccount.use_case.permission)
    async with ctx.uow as uow:
        return await load_account(uow, actor, query.account_id)


async def list_channel_accounts(query: ListChannelAccounts, ctx: Context) -> Page[ChannelAccount]:
    actor = ctx.actor()
    actor.require(ListChannelAccounts.use_case.permission)
    require_sort(query.page, LIST_SORTS)
    filters = ChannelAccountFilter(
        brand_id=BrandId(query.brand_id) if query.brand_id else None,
        integration_id=IntegrationId(query.integration_id) if query.integration_id else None,
        channel=enum_value(Channel, query.channel, "channel") if query.channel else None,
        kind=enum_value(ChannelKind, query.kind, "kind") if query.kind else None,
        status=enum_value(AccountStatus, query.status, "status") if query.status else None,
        brand_ids=actor.brand_scope,
    )
    async with ctx.uow as uow:
        found = await uow.channel_accounts.list(actor.organization_id, filters)
    return paged(found, query.page)
