"""Contract of the PlannedPublicationRepository on memory, SQLite and PostgreSQL: a plan is
read back whole, a proposal slot is planned once, the piece's waiting plans and the overdue
ones are found, listings filter, tenants stay apart, and two writers racing on one plan are
refused by the version check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from tests.contracts.conftest import UowFactory

from umt.domain.publishing.planned_publication import PlannedPublication, PlanStatus
from umt.domain.shared.errors import Conflict, StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.planned_publication_repository import PlanFilter

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def a_plan(
    org: OrganizationId,
    brand: BrandId,
    *,
    due_at: datetime,
    content_id: UUID | None = None,
    proposal_id: UUID | None = None,
    slot: int = 0,
) -> PlannedPublication:
    return PlannedPublication(
        id=uuid4(),
        organization_id=org,
        brand_id=brand,
        project_id=uuid4(),
        content_id=content_id or uuid4(),
        channel_account_id=uuid4(),
        channel="linkedin",
        due_at=due_at,
        time_zone="Europe/Berlin",
        local_time=due_at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="minutes"),
        proposal_id=proposal_id or uuid4(),
        slot=slot,
        created_at=NOW,
        updated_at=NOW,
    )


async def test_a_plan_is_read_back_whole_and_settles_once(uow_factory: UowFactory) -> None:
    org, brand = OrganizationId(uuid4()), BrandId(uuid4())
    plan = a_plan(org, brand, due_at=NOW + timedelta(days=1))
    async with uow_factory() as uow:
        await uow.planned_publications.add(plan)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.planned_publications.get(org, plan.id)
        elsewhere = await uow.planned_publications.get(OrganizationId(uuid4()), plan.id)
        assert found == plan
        assert elsewhere is None
        publication = uuid4()
        found.scheduled(publication, now=NOW)
        await uow.planned_publications.save(found)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.planned_publications.get(org, plan.id)
    assert again is not None
    assert (again.status, again.publication_id, again.version) == (
        PlanStatus.SCHEDULED,
        publication,
        2,
    )


async def test_a_proposal_slot_is_planned_once(uow_factory: UowFactory) -> None:
    org, brand = OrganizationId(uuid4()), BrandId(uuid4())
    first = a_plan(org, brand, due_at=NOW + timedelta(days=1), slot=3)
    twin = a_plan(org, brand, due_at=NOW + timedelta(days=1), proposal_id=first.proposal_id, slot=3)
    async with uow_factory() as uow:
        await uow.planned_publications.add(first)
        await uow.commit()

    async def plan_twin() -> None:
        async with uow_factory() as uow:
            await uow.planned_publications.add(twin)
            await uow.commit()

    with pytest.raises(Conflict):
        await plan_twin()


async def test_waiting_overdue_and_listed_plans(uow_factory: UowFactory) -> None:
    org, brand = OrganizationId(uuid4()), BrandId(uuid4())
    piece = uuid4()
    past = datetime(2001, 1, 1, 8, tzinfo=UTC)  # before any other test's plans
    late = a_plan(org, brand, due_at=past, content_id=piece, slot=0)
    later = a_plan(org, brand, due_at=NOW + timedelta(days=2), content_id=piece, slot=1)
    soon = a_plan(org, brand, due_at=NOW + timedelta(days=1), slot=2)
    settled = a_plan(org, brand, due_at=past + timedelta(hours=1), content_id=piece, slot=3)
    settled.dropped("its time passed", now=NOW)
    async with uow_factory() as uow:
        for plan in (late, later, soon, settled):
            await uow.planned_publications.add(plan)
        await uow.commit()
    async with uow_factory() as uow:
        waiting = await uow.planned_publications.waiting_for(org, piece)
        overdue = await uow.planned_publications.overdue(past + timedelta(days=1), limit=50)
        everything = await uow.planned_publications.list(org, PlanFilter(brand_id=brand), limit=9)
        dropped = await uow.planned_publications.list(
            org, PlanFilter(brand_id=brand, status=PlanStatus.DROPPED), limit=9
        )
        ranged = await uow.planned_publications.list(
            org,
            PlanFilter(brand_id=brand, due_from=NOW, due_to=NOW + timedelta(days=2)),
            limit=9,
        )
        of_piece = await uow.planned_publications.list(
            org, PlanFilter(brand_id=brand, content_id=piece), limit=2
        )
        other_tenant = await uow.planned_publications.list(
            OrganizationId(uuid4()), PlanFilter(brand_id=brand), limit=9
        )
    assert [p.id for p in waiting] == [late.id, later.id]  # by due time, planned only
    assert [p.id for p in overdue if p.organization_id == org] == [late.id]
    assert [p.id for p in everything] == [late.id, settled.id, soon.id, later.id]
    assert [p.id for p in dropped] == [settled.id]
    assert [p.id for p in ranged] == [soon.id]
    assert [p.id for p in of_piece] == [late.id, settled.id]
    assert other_tenant == []


async def test_two_writers_racing_on_a_plan(uow_factory: UowFactory) -> None:
    org, brand = OrganizationId(uuid4()), BrandId(uuid4())
    plan = a_plan(org, brand, due_at=NOW + timedelta(days=1))
    async with uow_factory() as uow:
        await uow.planned_publications.add(plan)
        await uow.commit()
    async with uow_factory() as first:
        mine = await first.planned_publications.get(org, plan.id)
        assert mine is not None
        async with uow_factory() as second:
            theirs = await second.planned_publications.get(org, plan.id)
            assert theirs is not None
            theirs.dropped("refused", now=NOW)
            await second.planned_publications.save(theirs)
            await second.commit()
        mine.scheduled(uuid4(), now=NOW)
        with pytest.raises(StaleVersion):
            await first.planned_publications.save(mine)
