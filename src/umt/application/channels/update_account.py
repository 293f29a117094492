"""UpdateChannelAccount: a person's settings of a channel account (the channel it serves, its
time zone, daily cap, minimum spacing, and active/disabled), against the version they saw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.channels.loading import load_account
from umt.application.services import Context
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.errors import InvalidValue
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateChannelAccount:
    use_case: ClassVar = UseCase(
        Permission.CHANNELS_MANAGE,
        task="channel_account.update",
        agent=Agent.CONTENT_AD_MANAGEMENT,
    )
    account_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


def settings(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes as domain values; a wrongly typed one is InvalidValue on its field (the
    aggregate names unknown fields and checks ranges, zones and statuses)."""
    out = dict(changes)
    if "channel" in out:
        out["channel"] = enum_value(Channel, out["channel"], "channel")
    for name in ("daily_cap", "min_spacing_minutes"):
        value = out.get(name)
        nullable = name == "daily_cap"
        if name in out and not (
            (value is None and nullable) or (isinstance(value, int) and not isinstance(value, bool))
        ):
            raise InvalidValue(f"{name} must be a whole number", field=name)
    if "time_zone" in out and not isinstance(out["time_zone"], str):
        raise InvalidValue("time_zone must be an IANA zone name", field="time_zone")
    return out


async def update_channel_account(
    cmd: UpdateChannelAccount, ctx: Context, *, clock: Clock
) -> ChannelAccount:
    actor = ctx.actor()
    actor.require(UpdateChannelAccount.use_case.permission)
    changes = settings(cmd.changes)
    async with ctx.uow as uow:
        account = await load_account(uow, actor, cmd.account_id)
        account.update(changes, now=clock.now(), expected_version=cmd.expected_version)
        await uow.channel_accounts.save(account)
        await uow.commit()
    return account
