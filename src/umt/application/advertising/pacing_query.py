"""GetCampaignPacing: where each ad set's spend stands against its plan now, with the step the
review loop would take (read-only: nothing is claimed, stepped or alerted here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.advertising.config import AdReviewConfig
from umt.application.advertising.loading import load_campaign
from umt.application.advertising.pacing_review import spent_money
from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.advertising.pacing import OVERSPEND, STRICT, Pacing, PacingPolicy, pace
from umt.domain.identity.permissions import Permission
from umt.domain.shared.metrics import SubjectKind
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCampaignPacing:
    use_case: ClassVar = UseCase(
        Permission.ADS_READ, task="campaign.pacing", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    campaign_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSetPacing:
    ad_set_id: UUID
    status: str  # the ad set's delivery status
    pacing: Pacing


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignPacing:
    campaign_id: UUID
    currency: str
    ad_sets: Sequence[AdSetPacing]


async def get_campaign_pacing(
    query: GetCampaignPacing, ctx: Context, *, clock: Clock, ad_review_config: AdReviewConfig
) -> CampaignPacing:
    actor = ctx.actor()
    actor.require(GetCampaignPacing.use_case.permission)
    low, high = ad_review_config.band
    now = clock.now()
    async with ctx.uow as uow:
        campaign = await load_campaign(uow, actor, query.campaign_id)
        account = await uow.channel_accounts.get(campaign.organization_id, campaign.ad_account_id)
        overspend = STRICT if account is None else OVERSPEND.get(account.platform, STRICT)
        policy = PacingPolicy(low=low, high=high, overspend=overspend)
        paced = []
        for ad_set in campaign.ad_sets:
            performance = await uow.ad_performance.performance(
                campaign.organization_id, SubjectKind.AD_SET, ad_set.id, start=None, end=now
            )
            starts_at, ends_at = campaign.flight_of(ad_set)
            pacing = pace(
                ad_set.budget, starts_at=starts_at, ends_at=ends_at, now=now,
                spent=spent_money(performance.spend, campaign.currency), policy=policy,
            )  # fmt: skip
            paced.append(
                AdSetPacing(ad_set_id=ad_set.id, status=ad_set.status.value, pacing=pacing)
            )
    return CampaignPacing(campaign_id=campaign.id, currency=campaign.currency, ad_sets=paced)
