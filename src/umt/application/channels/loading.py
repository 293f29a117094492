"""Reaching a channel account for the current tenant: absent, another organization's, or of a
brand outside a member's scope all look the same (NotFound)."""

from __future__ import annotations

from uuid import UUID

from umt.application.principal import Principal
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import ChannelAccountId
from umt.ports.unit_of_work import UnitOfWork


async def load_account(uow: UnitOfWork, actor: Principal, account_id: UUID) -> ChannelAccount:
    account = await uow.channel_accounts.get(actor.organization_id, ChannelAccountId(account_id))
    if account is None or not actor.can_access_brand(account.brand_id):
        raise NotFound(f"channel account {account_id} not found")
    return account
