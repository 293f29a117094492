"""The CampaignRepository port: a brand's ad campaigns (with their ad sets and ads)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from umt.domain.advertising.campaign import Campaign, CampaignStatus
from umt.domain.shared.ids import BrandId, CampaignId, OrganizationId


@dataclass(frozen=True, slots=True)
class CampaignFilter:
    brand_id: BrandId | None = None
    status: CampaignStatus | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand


class CampaignRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, campaign_id: CampaignId
    ) -> Campaign | None: ...

    async def add(self, campaign: Campaign) -> None: ...

    async def save(self, campaign: Campaign) -> None:
        """Raises ``StaleVersion`` if another writer saved it since it was loaded here."""
        ...

    async def list(
        self, organization_id: OrganizationId, filters: CampaignFilter
    ) -> Sequence[Campaign]:
        """Newest first, at most 500 (a brand runs tens of campaigns, not thousands)."""
        ...

    async def live(self, limit: int = 500) -> Sequence[Campaign]:
        """Every organization's campaigns the review loop looks after (``status.REVIEWED``:
        active, paused, and those whose launch has not finished), oldest first; tenant-free,
        it acts for the system."""
        ...
