"""In-memory calendar proposals (held to the SQL ones by
tests/contracts/test_calendar_proposal_repository.py)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from umt.adapters.memory.store import InMemoryStore, Transaction, detached, version_check
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.strategy.calendar import CalendarProposal
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.calendar_proposal_repository import CalendarProposalRepository


class InMemoryCalendarProposalRepository(CalendarProposalRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        self._store = store
        self._tx = tx
        self._tracker = tracker
        self._loaded: dict[UUID, int] = {}

    async def get(
        self, organization_id: OrganizationId, proposal_id: UUID
    ) -> CalendarProposal | None:
        stored = self._store.calendar_proposals.get(proposal_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[stored.id] = stored.version
        return self._tracker.track(detached(stored))

    async def for_brand(
        self, organization_id: OrganizationId, brand_id: BrandId, *, limit: int
    ) -> Sequence[CalendarProposal]:
        found = [
            p
            for p in self._store.calendar_proposals.values()
            if p.organization_id == organization_id and p.brand_id == brand_id
        ]
        found.sort(key=lambda p: (p.created_at, p.id), reverse=True)
        return [detached(p) for p in found[:limit]]

    async def add(self, proposal: CalendarProposal) -> None:
        snapshot = detached(proposal)
        self._tx.stage(lambda: self._store.calendar_proposals.__setitem__(snapshot.id, snapshot))
        self._loaded[proposal.id] = proposal.version
        self._tracker.track(proposal)

    async def save(self, proposal: CalendarProposal) -> None:
        table = self._store.calendar_proposals
        loaded = self._loaded.get(proposal.id, proposal.version)
        check = version_check(table, proposal.id, loaded, "calendar proposal")
        snapshot = detached(proposal)
        self._tx.stage(lambda: table.__setitem__(snapshot.id, snapshot), check)
        self._loaded[proposal.id] = proposal.version
        self._tracker.track(proposal)
