"""The RecommendationRepository port: a brand's stored recommendations (tens, not thousands:
``for_brand`` reads them all)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.strategy.recommendation import Recommendation

MAX_PER_BRAND = 500


class RecommendationRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, recommendation_id: UUID
    ) -> Recommendation | None:
        """None also for another tenant's."""
        ...

    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId
    ) -> Sequence[Recommendation]:
        """Every one of the brand's (open and dismissed), by key."""
        ...

    async def add(self, recommendation: Recommendation) -> None:
        """Raises ``Conflict`` when the brand already has one with its key."""
        ...

    async def save(self, recommendation: Recommendation) -> None:
        """Raises ``StaleVersion`` if another writer saved it meanwhile."""
        ...

    async def remove(self, recommendation: Recommendation) -> None: ...
