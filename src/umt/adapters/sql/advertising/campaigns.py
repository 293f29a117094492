"""The SQL CampaignRepository, with its explicit row mapper (the tree as a JSON document)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, insert, select, update

from umt.adapters.sql.advertising.documents import tree_document, tree_from_document
from umt.adapters.sql.advertising.tables import campaigns
from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.advertising.campaign import Campaign, CampaignStatus
from umt.domain.advertising.levels import Objective
from umt.domain.advertising.status import REVIEWED
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import CampaignId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.campaign_repository import CampaignFilter, CampaignRepository

_IMMUTABLE = ("id", "organization_id", "brand_id", "ad_account_id", "currency", "created_at")
_REVIEWED = sorted(status.value for status in REVIEWED)


def campaign_to_row(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "organization_id": campaign.organization_id,
        "brand_id": campaign.brand_id,
        "ad_account_id": campaign.ad_account_id,
        "name": campaign.name,
        "objective": campaign.objective.value,
        "currency": campaign.currency,
        "starts_at": campaign.starts_at,
        "ends_at": campaign.ends_at,
        "status": campaign.status.value,
        "status_reason": campaign.status_reason,
        "remote_id": campaign.remote_id,
        "tree": tree_document(campaign.ad_sets),
        "launched_at": campaign.launched_at,
        "version": campaign.version,
        "created_at": campaign.created_at,
        "updated_at": campaign.updated_at,
    }


def campaign_from_row(row: RowMapping) -> Campaign:
    return Campaign(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        ad_account_id=row["ad_account_id"],
        name=row["name"],
        objective=Objective(row["objective"]),
        currency=row["currency"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        status=CampaignStatus(row["status"]),
        status_reason=row["status_reason"],
        remote_id=row["remote_id"],
        ad_sets=tree_from_document(row["tree"]),
        launched_at=row["launched_at"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlCampaignRepository(SqlRepository, CampaignRepository):
    """Saved with an optimistic check against the version loaded in this unit of work."""

    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded: dict[int, int] = {}

    async def get(
        self, organization_id: OrganizationId, campaign_id: CampaignId
    ) -> Campaign | None:
        result = await self._execute(
            select(campaigns).where(
                campaigns.c.id == campaign_id, campaigns.c.organization_id == organization_id
            )
        )
        row = result.mappings().first()
        return None if row is None else self._track(campaign_from_row(row))

    async def add(self, campaign: Campaign) -> None:
        await self._execute(insert(campaigns), campaign_to_row(campaign))
        self._track(campaign)

    async def save(self, campaign: Campaign) -> None:
        condition = (campaigns.c.id == campaign.id) & (
            campaigns.c.organization_id == campaign.organization_id
        )
        expected = self._loaded.get(id(campaign))
        if expected is not None:
            condition &= campaigns.c.version == expected
        values = {k: v for k, v in campaign_to_row(campaign).items() if k not in _IMMUTABLE}
        result = await self._execute(update(campaigns).where(condition).values(values))
        if result.rowcount == 0:
            raise StaleVersion(f"campaign {campaign.id} was changed meanwhile; reload it")
        self._track(campaign)

    async def list(
        self, organization_id: OrganizationId, filters: CampaignFilter
    ) -> Sequence[Campaign]:
        c = campaigns.c
        query = select(campaigns).where(c.organization_id == organization_id)
        if filters.brand_id is not None:
            query = query.where(c.brand_id == filters.brand_id)
        if filters.status is not None:
            query = query.where(c.status == filters.status.value)
        if filters.brand_ids is not None:
            query = query.where(c.brand_id.in_(sorted(filters.brand_ids)))
        result = await self._execute(query.order_by(c.created_at.desc(), c.id.desc()).limit(500))
        return [self._track(campaign_from_row(row)) for row in result.mappings()]

    async def live(self, limit: int = 500) -> Sequence[Campaign]:
        c = campaigns.c
        result = await self._execute(
            select(campaigns)
            .where(c.status.in_(_REVIEWED))
            .order_by(c.created_at, c.id)
            .limit(limit)
        )
        return [self._track(campaign_from_row(row)) for row in result.mappings()]

    def _track(self, campaign: Campaign) -> Campaign:
        self._tracker.track(campaign)
        self._loaded[id(campaign)] = campaign.version
        return campaign
