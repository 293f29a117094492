"""In-memory planned publications (held to the SQL ones by
tests/contracts/test_planned_publication_repository.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from umt.adapters.memory.store import InMemoryStore, Transaction, detached, version_check
from umt.domain.publishing.planned_publication import PlannedPublication, PlanStatus
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.planned_publication_repository import PlanFilter, PlannedPublicationRepository


def _order(plan: PlannedPublication) -> tuple[datetime, UUID]:
    return plan.due_at, plan.id


def _kept(plan: PlannedPublication, f: PlanFilter) -> bool:
    return (
        plan.brand_id == f.brand_id
        and (f.status is None or plan.status is f.status)
        and (f.due_from is None or plan.due_at >= f.due_from)
        and (f.due_to is None or plan.due_at < f.due_to)
        and (f.channel_account_id is None or plan.channel_account_id == f.channel_account_id)
        and (f.content_id is None or plan.content_id == f.content_id)
        and (f.proposal_id is None or plan.proposal_id == f.proposal_id)
    )


class InMemoryPlannedPublicationRepository(PlannedPublicationRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        self._store = store
        self._tx = tx
        self._tracker = tracker
        self._loaded: dict[UUID, int] = {}

    def _handed(self, stored: PlannedPublication) -> PlannedPublication:
        self._loaded[stored.id] = stored.version
        return self._tracker.track(detached(stored))

    async def add(self, plan: PlannedPublication) -> None:
        table = self._store.planned_publications

        def unique() -> None:
            if plan.proposal_id is not None and any(
                p.proposal_id == plan.proposal_id and p.slot == plan.slot and p.id != plan.id
                for p in table.values()
            ):
                raise Conflict(f"slot {plan.slot} of proposal {plan.proposal_id} is planned")

        snapshot = detached(plan)
        self._tx.stage(lambda: table.__setitem__(snapshot.id, snapshot), unique)
        self._loaded[plan.id] = plan.version
        self._tracker.track(plan)

    async def get(
        self, organization_id: OrganizationId, plan_id: UUID
    ) -> PlannedPublication | None:
        stored = self._store.planned_publications.get(plan_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._handed(stored)

    async def waiting_for(
        self, organization_id: OrganizationId, content_id: UUID
    ) -> Sequence[PlannedPublication]:
        found = [
            p
            for p in self._store.planned_publications.values()
            if p.organization_id == organization_id
            and p.content_id == content_id
            and p.status is PlanStatus.PLANNED
        ]
        return [self._handed(p) for p in sorted(found, key=_order)]

    async def overdue(self, before: datetime, *, limit: int) -> Sequence[PlannedPublication]:
        found = [
            p
            for p in self._store.planned_publications.values()
            if p.status is PlanStatus.PLANNED and p.due_at < before
        ]
        return [self._handed(p) for p in sorted(found, key=_order)[:limit]]

    async def list(
        self, organization_id: OrganizationId, filters: PlanFilter, *, limit: int
    ) -> Sequence[PlannedPublication]:
        found = [
            p
            for p in self._store.planned_publications.values()
            if p.organization_id == organization_id and _kept(p, filters)
        ]
        return [detached(p) for p in sorted(found, key=_order)[:limit]]

    async def save(self, plan: PlannedPublication) -> None:
        table = self._store.planned_publications
        loaded = self._loaded.get(plan.id, plan.version)
        check = version_check(table, plan.id, loaded, "the planned publication")
        snapshot = detached(plan)
        self._tx.stage(lambda: table.__setitem__(snapshot.id, snapshot), check)
        self._loaded[plan.id] = plan.version
        self._tracker.track(plan)
