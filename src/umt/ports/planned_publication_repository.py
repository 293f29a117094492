"""The PlannedPublicationRepository port: slots held on the calendar for pieces not approved
yet (docs/publishing.md, "Planned publications")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from umt.domain.publishing.planned_publication import PlannedPublication, PlanStatus
from umt.domain.shared.ids import BrandId, OrganizationId


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFilter:
    """What a calendar listing of plans keeps (every field optional but the brand)."""

    brand_id: BrandId
    status: PlanStatus | None = None
    due_from: datetime | None = None  # inclusive
    due_to: datetime | None = None  # exclusive
    channel_account_id: UUID | None = None
    content_id: UUID | None = None
    proposal_id: UUID | None = None


class PlannedPublicationRepository(Protocol):
    async def add(self, plan: PlannedPublication) -> None:
        """Store a new plan; a second plan of the same proposal slot raises ``Conflict``."""
        ...

    async def get(
        self, organization_id: OrganizationId, plan_id: UUID
    ) -> PlannedPublication | None:
        """None also for another tenant's."""
        ...

    async def waiting_for(
        self, organization_id: OrganizationId, content_id: UUID
    ) -> Sequence[PlannedPublication]:
        """The piece's plans still ``planned``, by due time."""
        ...

    async def overdue(self, before: datetime, *, limit: int) -> Sequence[PlannedPublication]:
        """Plans still ``planned`` due before ``before``, oldest first, of every tenant (the
        sweep drops them); on PostgreSQL the rows are locked, skipping those another sweep
        holds."""
        ...

    async def list(
        self, organization_id: OrganizationId, filters: PlanFilter, *, limit: int
    ) -> Sequence[PlannedPublication]:
        """The brand's plans matching ``filters``, by due time then id, at most ``limit``."""
        ...

    async def save(self, plan: PlannedPublication) -> None:
        """Raises ``StaleVersion`` if another writer saved it meanwhile (two deliveries of one
        approval: only one of them schedules it)."""
        ...
