"""The CalendarProposalRepository port: a brand's calendar proposals (each with its slots)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.strategy.calendar import CalendarProposal


class CalendarProposalRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, proposal_id: UUID
    ) -> CalendarProposal | None:
        """None also for another tenant's."""
        ...

    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId, *, limit: int
    ) -> Sequence[CalendarProposal]:
        """The brand's latest ``limit`` proposals, the newest first."""
        ...

    async def add(self, proposal: CalendarProposal) -> None: ...

    async def save(self, proposal: CalendarProposal) -> None:
        """Raises ``StaleVersion`` if another writer saved it meanwhile (an accept racing
        another accept: only one of them creates the pieces)."""
        ...
