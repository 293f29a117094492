"""Planning a campaign: CreateCampaign (a draft, optionally with its ad sets and ads),
AddAdSet and AddAd. The ad account must be an active ad account of the brand; budgets are in
its currency and under the brand's (or organization's) cap; ads show approved content."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.advertising import inputs
from umt.application.advertising.loading import ad_account, load_campaign
from umt.application.advertising.tree_inputs import ad_from, ad_set_from
from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.use_case import UseCase
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.errors import CampaignInvalid
from umt.domain.advertising.flight import check_daily_flight
from umt.domain.advertising.levels import Objective
from umt.domain.brand.brand import Brand
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.ids import AdSetId, CampaignId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateCampaign:
    use_case: ClassVar = UseCase(
        Permission.ADS_MANAGE, task="campaign.create", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    brand_id: UUID | str
    ad_account_id: UUID | str
    name: str
    objective: str
    starts_at: Any  # an aware datetime or ISO 8601 text
    ends_at: Any = None
    # [{"name", "budget": {"kind", "amount", "currency"}, "audience_ids", "countries",
    #   "languages", "genders", "placements", "bid_strategy", "bid", "starts_at", "ends_at",
    #   "ads": [{"content_id", "name", "headline", "link", "call_to_action"}]}]
    ad_sets: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AddAdSet:
    use_case: ClassVar = UseCase(
        Permission.ADS_MANAGE, task="campaign.add_ad_set", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    campaign_id: UUID
    ad_set: Mapping[str, Any]  # as one item of CreateCampaign.ad_sets (ads included)


@dataclass(frozen=True, slots=True, kw_only=True)
class AddAd:
    use_case: ClassVar = UseCase(
        Permission.ADS_MANAGE, task="campaign.add_ad", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    campaign_id: UUID
    ad_set_id: UUID
    ad: Mapping[str, Any]  # {"content_id", "name", "headline", "link", "call_to_action"}


async def create_campaign(
    cmd: CreateCampaign, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> Campaign:
    actor = ctx.actor()
    actor.require(CreateCampaign.use_case.permission)
    brand_id = inputs.as_uuid(cmd.brand_id, "brand_id")
    account_id = inputs.as_uuid(cmd.ad_account_id, "ad_account_id")
    if cmd.objective not in {o.value for o in Objective}:
        options = ", ".join(o.value for o in Objective)
        raise CampaignInvalid(f"the objective is one of: {options}", field="objective")
    starts_at = inputs.moment(cmd.starts_at, "starts_at")
    if starts_at is None:
        raise CampaignInvalid("starts_at is required", field="starts_at")
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, brand_id)
        account = await ad_account(uow, actor, account_id, brand.id)
        now = clock.now()
        campaign = Campaign.plan(
            now=now,
            id=CampaignId(ids.new_id()),
            organization_id=actor.organization_id,
            brand_id=brand.id,
            ad_account_id=account.id,
            name=cmd.name,
            objective=Objective(cmd.objective),
            currency=account.currency,
            starts_at=starts_at,
            ends_at=inputs.moment(cmd.ends_at, "ends_at"),
        )
        for index, item in enumerate(cmd.ad_sets):
            await _add_ad_set(uow, campaign, brand, account, item, ids, clock, f"ad_sets[{index}]")
        await uow.campaigns.add(campaign)
        await uow.commit()
    return campaign


async def add_ad_set(cmd: AddAdSet, ctx: Context, *, ids: IdGenerator, clock: Clock) -> Campaign:
    actor = ctx.actor()
    actor.require(AddAdSet.use_case.permission)
    async with ctx.uow as uow:
        campaign = await load_campaign(uow, actor, cmd.campaign_id)
        brand = await load_brand(uow, actor, campaign.brand_id)
        account = await ad_account(uow, actor, campaign.ad_account_id, brand.id)
        await _add_ad_set(uow, campaign, brand, account, cmd.ad_set, ids, clock, "ad_set")
        await uow.campaigns.save(campaign)
        await uow.commit()
    return campaign


async def add_ad(cmd: AddAd, ctx: Context, *, ids: IdGenerator, clock: Clock) -> Campaign:
    actor = ctx.actor()
    actor.require(AddAd.use_case.permission)
    async with ctx.uow as uow:
        campaign = await load_campaign(uow, actor, cmd.campaign_id)
        brand = await load_brand(uow, actor, campaign.brand_id)
        target = campaign.ad_set(AdSetId(cmd.ad_set_id))
        ad = await ad_from(uow, actor.organization_id, brand, cmd.ad, ids)
        campaign.add_ad(target.id, ad, now=clock.now())
        await uow.campaigns.save(campaign)
        await uow.commit()
    return campaign


async def _add_ad_set(
    uow: UnitOfWork,
    campaign: Campaign,
    brand: Brand,
    account: ChannelAccount,
    item: Mapping[str, Any],
    ids: IdGenerator,
    clock: Clock,
    field: str,
) -> None:
    ad_set = ad_set_from(item, brand, ids, field)
    start, end = campaign.flight_of(ad_set)
    check_daily_flight(account.platform, ad_set.budget, start, end, field=f"{field}.ends_at")
    cap = await uow.budget_caps.cap_for(campaign.organization_id, brand.id, campaign.currency)
    now = clock.now()
    inputs.parsed(field, lambda: campaign.add_ad_set(ad_set, now=now, cap=cap))
    for index, ad_item in enumerate(item.get("ads", ())):
        ad = await ad_from(
            uow, campaign.organization_id, brand, ad_item, ids, f"{field}.ads[{index}]"
        )
        campaign.add_ad(ad_set.id, ad, now=now)
