"""RemoveChannelAccount: take a destination off its brand; its sealed own token goes with it.
A later discovery adds it again if the platform still lists it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.channels.loading import load_account
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveChannelAccount:
    use_case: ClassVar = UseCase(
        Permission.CHANNELS_MANAGE,
        task="channel_account.remove",
        agent=Agent.CONTENT_AD_MANAGEMENT,
    )
    account_id: UUID
    expected_version: int | None = None


async def remove_channel_account(cmd: RemoveChannelAccount, ctx: Context, *, clock: Clock) -> None:
    actor = ctx.actor()
    actor.require(RemoveChannelAccount.use_case.permission)
    async with ctx.uow as uow:
        account = await load_account(uow, actor, cmd.account_id)
        account.mark_removed(now=clock.now(), expected_version=cmd.expected_version)
        await uow.account_credentials.delete(account.organization_id, account.id)
        await uow.channel_accounts.remove(account)
        await uow.commit()
