"""GetCampaign and ListCampaigns: a brand's campaigns, with their trees."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.advertising.loading import load_campaign
from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.inputs import require_sort
from umt.application.shared.paging import LIST_SORTS, paged
from umt.application.use_case import UseCase
from umt.domain.advertising.campaign import Campaign, CampaignStatus
from umt.domain.advertising.errors import CampaignInvalid
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import BrandId
from umt.ports.campaign_repository import CampaignFilter
from umt.ports.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class GetCampaign:
    use_case: ClassVar = UseCase(
        Permission.ADS_READ, task="campaign.get", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    campaign_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListCampaigns:
    use_case: ClassVar = UseCase(
        Permission.ADS_READ, task="campaign.list", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    brand_id: UUID | None = None
    status: str | None = None
    page: PageRequest = field(default_factory=PageRequest)


async def get_campaign(query: GetCampaign, ctx: Context) -> Campaign:
    actor = ctx.actor()
    actor.require(GetCampaign.use_case.permission)
    async with ctx.uow as uow:
        return await load_campaign(uow, actor, query.campaign_id)


async def list_campaigns(query: ListCampaigns, ctx: Context) -> Page[Campaign]:
    actor = ctx.actor()
    actor.require(ListCampaigns.use_case.permission)
    require_sort(query.page, LIST_SORTS)
    if query.status is not None and query.status not in {s.value for s in CampaignStatus}:
        raise CampaignInvalid(f"{query.status!r} is no campaign status", field="status")
    filters = CampaignFilter(
        brand_id=None if query.brand_id is None else BrandId(query.brand_id),
        status=None if query.status is None else CampaignStatus(query.status),
        brand_ids=actor.brand_scope,
    )
    async with ctx.uow as uow:
        found = await uow.campaigns.list(actor.organization_id, filters)
    return paged(found, query.page)
