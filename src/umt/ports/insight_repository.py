"""The InsightRepository port: the insights detected in brands' rollups, raised once each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from umt.domain.analytics.insights.insight import Insight, InsightKind, InsightStatus
from umt.ports.pagination import Page, PageRequest

INSIGHT_SORTS = frozenset({"detected_at", "day"})


@dataclass(frozen=True, slots=True, kw_only=True)
class InsightFilter:
    kind: InsightKind | None = None
    status: InsightStatus | None = None
    measure: str | None = None
    since: date | None = None  # the insight's day, from
    until: date | None = None  # to, included


class InsightRepository(Protocol):
    async def add_new(self, insight: Insight) -> bool:
        """Store it unless the brand already has an insight of the same ``key``, also one a
        concurrent transaction stores; True when stored (only then are its events
        committed). On a memory store a concurrent twin may instead fail the commit with
        ``Conflict``."""
        ...

    async def get(self, organization_id: UUID, insight_id: UUID) -> Insight | None: ...

    async def save(self, insight: Insight) -> None:
        """Its status; raises ``StaleVersion`` if another writer saved it since it was loaded."""
        ...

    async def list(
        self, organization_id: UUID, brand_id: UUID, filters: InsightFilter, page: PageRequest
    ) -> Page[Insight]:
        """Sorted by ``detected_at`` or ``day`` (``INSIGHT_SORTS``), then id."""
        ...

    async def last_day(self, organization_id: UUID, brand_id: UUID, series: str) -> date | None:
        """The latest day a series raised an insight (trend and threshold cool-downs)."""
        ...

    async def brands_with_rollups(self, since: date) -> Sequence[tuple[UUID, UUID]]:
        """(organization, brand) of every brand with a rollup bucket on ``since`` or later,
        whatever the tenant (the detection loop's read), ordered."""
        ...
