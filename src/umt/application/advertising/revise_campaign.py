"""UpdateCampaign (``campaign.update``): rename a campaign, move its dates, or (a draft) give it
another objective. On a launched campaign the change goes to the ad network first (the
campaign renamed, its flight moved; on Meta the ad sets that follow it), then it is
committed: a refused platform call changes nothing here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.advertising import inputs
from umt.application.advertising.lifecycle import Platforms
from umt.application.advertising.loading import account_of, load_campaign
from umt.application.advertising.remote import remote_for
from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.errors import CampaignInvalid
from umt.domain.advertising.flight import check_daily_flight
from umt.domain.advertising.levels import Objective
from umt.domain.advertising.revision import CampaignChanges
from umt.domain.identity.permissions import Permission
from umt.ports.ad_network import CampaignUpdate
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock

FIELDS = frozenset({"name", "objective", "starts_at", "ends_at"})


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateCampaign:
    """``changes``: any of ``name``, ``objective`` (draft only), ``starts_at``, ``ends_at``
    (null: no end); what is left out stays."""

    use_case: ClassVar = UseCase(
        Permission.ADS_MANAGE, task="campaign.update", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    campaign_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


def campaign_changes(changes: Mapping[str, Any]) -> CampaignChanges:
    """The changes of a command, each field checked; an unknown field is refused."""
    unknown = sorted(set(changes) - FIELDS)
    if unknown:
        raise CampaignInvalid(f"{unknown[0]} cannot be changed here", field=unknown[0])
    name = changes.get("name")
    if name is not None and not isinstance(name, str):
        raise CampaignInvalid("name is text", field="name")
    objective = changes.get("objective")
    if objective is not None and objective not in {o.value for o in Objective}:
        raise CampaignInvalid(f"{objective!r} is not an objective", field="objective")
    if "starts_at" in changes and changes["starts_at"] is None:
        raise CampaignInvalid("a campaign keeps a start", field="starts_at")
    return CampaignChanges(
        name=name,
        objective=None if objective is None else Objective(objective),
        starts_at=inputs.moment(changes.get("starts_at"), "starts_at"),
        ends_at=inputs.moment(changes.get("ends_at"), "ends_at"),
        drop_end="ends_at" in changes and changes["ends_at"] is None,
    )


async def update_campaign(
    cmd: UpdateCampaign,
    ctx: Context,
    *,
    clock: Clock,
    platforms: Platforms,
    channel_credentials: ChannelCredentials,
) -> Campaign:
    actor = ctx.actor()
    actor.require(UpdateCampaign.use_case.permission)
    changes = campaign_changes(cmd.changes)
    async with ctx.uow as uow:
        campaign = await load_campaign(uow, actor, cmd.campaign_id)
        cap = await uow.budget_caps.cap_for(
            campaign.organization_id, campaign.brand_id, campaign.currency
        )
        before = (campaign.starts_at, campaign.ends_at)
        changed = campaign.revise(
            changes, now=clock.now(), cap=cap, expected_version=cmd.expected_version
        )
        moved = bool({"starts_at", "ends_at"} & set(changed))
        needed = changed and (moved or campaign.remote_id is not None)
        account = await account_of(uow, campaign) if needed else None
        if account is not None and moved:
            for index, ad_set in enumerate(campaign.ad_sets):  # the new flight, by the rules
                start, end = campaign.flight_of(ad_set)  # of the ad account's platform
                check_daily_flight(
                    account.platform, ad_set.budget, start, end, field=f"ad_sets[{index}].ends_at"
                )
        if account is not None and campaign.remote_id is not None:
            remote = await remote_for(account, platforms, channel_credentials)
            update = CampaignUpdate(
                reference=campaign.reference,
                name=campaign.name if "name" in changed else None,
                starts_at=campaign.starts_at if campaign.starts_at != before[0] else None,
                ends_at=campaign.ends_at if campaign.ends_at != before[1] else None,
                drop_end=campaign.ends_at is None and before[1] is not None,
                follower_ad_sets=tuple(
                    a.remote_id
                    for a in campaign.ad_sets
                    if a.remote_id is not None and a.starts_at is None and a.ends_at is None
                ),
            )
            await remote.network.update_campaign(
                remote.target, remote.credentials, campaign.remote_id, update
            )
        if changed:
            await uow.campaigns.save(campaign)
        await uow.commit()
    return campaign
