"""A repository the unit of work was never told about still has its aggregates' events
committed: repositories register what they load or add with the unit of work's one tracker,
and the commit takes the events from the tracker, not from a list of repositories.

The throwaway ``gadgets`` repository below is declared on a subclass of each backend's unit of
work, and nowhere else; its gadgets' events reach the outbox and the audit log, in the same
commit as the events of a built-in repository, on every backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar
from uuid import UUID, uuid4

import pytest
from tests.contracts.builders import organization
from tests.contracts.conftest import UowFactory

from umt.adapters.memory.store import InMemoryRepository
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork, memory_repository
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.unit_of_work import SqlUnitOfWork, sql_repository
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.events import FieldChange, TypedEvent
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.audit_log import AuditQuery
from umt.ports.pagination import PageRequest

T0 = datetime(2030, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class GadgetRenamed(TypedEvent[FieldChange]):
    event_type: ClassVar[str] = "gadget.renamed"
    aggregate_type: ClassVar[str] = "gadget"


@dataclass(slots=True, kw_only=True)
class Gadget(AggregateRoot):
    id: UUID
    organization_id: UUID
    name: str
    version: int = 1
    updated_at: datetime = T0

    def rename(self, name: str, now: datetime) -> None:
        before, self.name = self.name, name
        self._bump(now)
        self._record(GadgetRenamed, now, FieldChange("name", before, name))


class _Gadgets:
    """What a repository must do for its events to be committed: track what it hands out."""

    _tracker: AggregateTracker
    stored: ClassVar[dict[UUID, str]] = {}  # the throwaway "table": names by id

    async def add(self, gadget: Gadget) -> None:
        self.stored[gadget.id] = gadget.name
        self._tracker.track(gadget)

    async def get(self, organization_id: UUID, gadget_id: UUID) -> Gadget:
        gadget = Gadget(id=gadget_id, organization_id=organization_id, name=self.stored[gadget_id])
        return self._tracker.track(gadget)


class InMemoryGadgets(_Gadgets, InMemoryRepository):
    pass


class SqlGadgets(_Gadgets, SqlRepository):
    pass


class MemoryUowWithGadgets(InMemoryUnitOfWork):
    gadgets = memory_repository(InMemoryGadgets)


class SqlUowWithGadgets(SqlUnitOfWork):
    gadgets = sql_repository(SqlGadgets)


@pytest.fixture
def uow_classes() -> tuple[type[InMemoryUnitOfWork], type[SqlUnitOfWork]]:
    _Gadgets.stored.clear()
    return MemoryUowWithGadgets, SqlUowWithGadgets


async def test_events_of_an_unlisted_repository_reach_the_outbox_and_the_audit_log(
    uow_factory: UowFactory,
) -> None:
    org = organization()
    gadget_id = uuid4()
    async with uow_factory() as uow:
        assert isinstance(uow, MemoryUowWithGadgets | SqlUowWithGadgets)
        await uow.gadgets.add(Gadget(id=gadget_id, organization_id=org.id, name="Sprocket"))
        await uow.commit()
        assert uow.collect_events() == []  # nothing happened to it yet

    later = T0 + timedelta(minutes=1)
    async with uow_factory() as uow:
        assert isinstance(uow, MemoryUowWithGadgets | SqlUowWithGadgets)
        gadget = await uow.gadgets.get(org.id, gadget_id)
        gadget.rename("Cog", later)
        await uow.organizations.add(org)  # a built-in repository's events, same commit
        await uow.commit()
        committed = uow.collect_events()
    # oldest first across repositories: the organization was created before the renaming
    assert [e.event_type for e in committed] == ["identity.organization_created", "gadget.renamed"]
    assert committed[1].aggregate_id == gadget_id
    assert gadget.events == []  # committed: no longer pending on the aggregate

    async with uow_factory() as uow:
        outbox = await uow.outbox.pending(limit=100)
        audit = await uow.audit_log.query(
            AuditQuery(organization_id=org.id), PageRequest(sort="occurred_at")
        )
    gadget_rows = [m for m in outbox if m.event_type == "gadget.renamed"]
    assert [(m.aggregate_type, m.aggregate_id) for m in gadget_rows] == [("gadget", gadget_id)]
    assert gadget_rows[0].payload["data"] == {
        "before": {"name": "Sprocket"},
        "after": {"name": "Cog"},
    }
    entries = [e for e in audit.items if e.action == "gadget.renamed"]
    assert len(entries) == 1
    assert (entries[0].resource_type, entries[0].resource_id) == ("gadget", str(gadget_id))
    assert (entries[0].before, entries[0].after) == ({"name": "Sprocket"}, {"name": "Cog"})
    assert {m.event_type for m in outbox} == {"identity.organization_created", "gadget.renamed"}
