"""Launching and steering a campaign: LaunchCampaign, PauseCampaign, ResumeCampaign,
ArchiveCampaign and UpdateBudget. The platform is called before the change is committed, so a
refused call changes nothing here; a launch commits draft → creating first (see
tree_creation.py for the exactly-once creation that follows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol
from uuid import UUID

from umt.application.advertising import inputs
from umt.application.advertising.loading import account_of, load_campaign
from umt.application.advertising.remote import remote_for
from umt.application.advertising.tree_creation import complete_launch
from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.advertising.campaign import Campaign, CampaignStatus
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.identity.permissions import Permission
from umt.domain.integration.platforms import Platform
from umt.domain.shared.ids import AdSetId
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.platform_connector import PlatformConnector

Platforms = Mapping[Platform, PlatformConnector]


def _task(name: str) -> UseCase[Permission]:
    return UseCase(Permission.ADS_MANAGE, task=name, agent=Agent.CONTENT_AD_MANAGEMENT)


@dataclass(frozen=True, slots=True, kw_only=True)
class LaunchCampaign:
    """Create the tree on the platform (PAUSED), then switch it on; again on a ``creating``
    campaign, it completes the tree after a crash, reconciling before creating."""

    use_case: ClassVar = _task("campaign.launch")
    campaign_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseCampaign:
    use_case: ClassVar = _task("campaign.pause")
    campaign_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResumeCampaign:
    use_case: ClassVar = _task("campaign.resume")
    campaign_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveCampaign:
    use_case: ClassVar = _task("campaign.archive")
    campaign_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateBudget:
    use_case: ClassVar = _task("campaign.update_budget")
    campaign_id: UUID
    ad_set_id: UUID
    budget: Mapping[str, Any]  # {"kind": "daily", "amount": "40.00", "currency": "EUR"}
    expected_version: int | None = None


async def launch_campaign(
    cmd: LaunchCampaign,
    ctx: Context,
    *,
    clock: Clock,
    platforms: Platforms,
    channel_credentials: ChannelCredentials,
) -> Campaign:
    actor = ctx.actor()
    actor.require(LaunchCampaign.use_case.permission)
    async with ctx.uow as uow:
        campaign = await load_campaign(uow, actor, cmd.campaign_id)
        account = await account_of(uow, campaign)
        remote = await remote_for(account, platforms, channel_credentials)
        resuming = campaign.status is CampaignStatus.CREATING
        if not resuming:
            campaign.begin_launch(now=clock.now(), expected_version=cmd.expected_version)
            await uow.campaigns.save(campaign)
        await uow.commit()
    return await complete_launch(
        ctx.separate_uow,
        actor.organization_id,
        campaign.id,
        remote,
        clock,
        reconcile=resuming,
    )


async def pause_campaign(
    cmd: PauseCampaign,
    ctx: Context,
    *,
    clock: Clock,
    platforms: Platforms,
    channel_credentials: ChannelCredentials,
) -> Campaign:
    return await _steer(cmd, ctx, clock, platforms, channel_credentials)


async def resume_campaign(
    cmd: ResumeCampaign,
    ctx: Context,
    *,
    clock: Clock,
    platforms: Platforms,
    channel_credentials: ChannelCredentials,
) -> Campaign:
    return await _steer(cmd, ctx, clock, platforms, channel_credentials)


async def archive_campaign(
    cmd: ArchiveCampaign,
    ctx: Context,
    *,
    clock: Clock,
    platforms: Platforms,
    channel_credentials: ChannelCredentials,
) -> Campaign:
    return await _steer(cmd, ctx, clock, platforms, channel_credentials)


async def update_budget(
    cmd: UpdateBudget,
    ctx: Context,
    *,
    clock: Clock,
    platforms: Platforms,
    channel_credentials: ChannelCredentials,
) -> Campaign:
    actor = ctx.actor()
    actor.require(UpdateBudget.use_case.permission)
    budget = inputs.budget(cmd.budget)
    async with ctx.uow as uow:
        campaign = await load_campaign(uow, actor, cmd.campaign_id)
        cap = await uow.budget_caps.cap_for(
            campaign.organization_id, campaign.brand_id, campaign.currency
        )
        ad_set = campaign.ad_set(AdSetId(cmd.ad_set_id))
        changed = campaign.change_budget(
            ad_set.id, budget, now=clock.now(), cap=cap, expected_version=cmd.expected_version
        )
        if changed and ad_set.remote_id is not None:
            remote = await remote_for(
                await account_of(uow, campaign), platforms, channel_credentials
            )
            await remote.network.set_budget(
                remote.target, remote.credentials, ad_set.remote_id, budget
            )
        await uow.campaigns.save(campaign)
        await uow.commit()
    return campaign


Steer = PauseCampaign | ResumeCampaign | ArchiveCampaign


class _Move(Protocol):
    def __call__(self, campaign: Campaign, /, *, now: datetime, expected: int | None) -> None: ...


# what each steering command does: the domain's move, then the status the ad network takes
_MOVES: dict[type[Steer], tuple[_Move, DeliveryStatus]] = {
    PauseCampaign: (Campaign.pause, DeliveryStatus.PAUSED),
    ResumeCampaign: (Campaign.resume, DeliveryStatus.ACTIVE),
    ArchiveCampaign: (Campaign.archive, DeliveryStatus.ARCHIVED),
}


async def _steer(
    cmd: Steer,
    ctx: Context,
    clock: Clock,
    platforms: Platforms,
    channel_credentials: ChannelCredentials,
) -> Campaign:
    actor = ctx.actor()
    actor.require(cmd.use_case.permission)
    move, status = _MOVES[type(cmd)]
    async with ctx.uow as uow:
        campaign = await load_campaign(uow, actor, cmd.campaign_id)
        # the domain refuses first: nothing is sent for a refused change
        move(campaign, now=clock.now(), expected=cmd.expected_version)
        if campaign.remote_id is not None:
            remote = await remote_for(
                await account_of(uow, campaign), platforms, channel_credentials
            )
            await remote.network.set_status(
                remote.target, remote.credentials, AdLevel.CAMPAIGN, campaign.remote_id, status
            )
        await uow.campaigns.save(campaign)
        await uow.commit()
    return campaign
