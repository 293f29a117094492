"""Contract of the CalendarProposalRepository on memory, SQLite and PostgreSQL: a proposal is
read back whole (its slots, skipped times and pieces), listed newest first, tenants apart, and
an accept racing another is refused by the version check."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from tests.contracts.conftest import UowFactory

from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.domain.strategy.calendar import (
    CalendarProposal,
    PlannedPiece,
    ProposedSlot,
    SkippedSlot,
)

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def a_proposal(org: OrganizationId, brand: BrandId, at: datetime = NOW) -> CalendarProposal:
    account = uuid4()
    return CalendarProposal(
        id=uuid4(),
        organization_id=org,
        brand_id=brand,
        project_id=uuid4(),
        starts_on=date(2026, 12, 2),
        weeks=1,
        per_week=1,
        slots=(
            ProposedSlot(
                channel_account_id=account,
                channel="linkedin",
                due_at=datetime(2026, 12, 2, 8, tzinfo=UTC),
                local_time="2026-12-02T09:00",
                time_zone="Europe/Berlin",
                topic="webinar funnels",
                topic_source="topic_gap",
                content_type="social_post",
                timing="best_times",
                confidence=0.93,
            ),
        ),
        skipped=(
            SkippedSlot(
                channel_account_id=account,
                due_at=datetime(2026, 12, 1, 8, tzinfo=UTC),
                reason="2026-12-01 is a blackout date of the brand",
            ),
        ),
        created_at=at,
        updated_at=at,
    )


async def test_a_proposal_is_read_back_whole_and_listed_newest_first(
    uow_factory: UowFactory,
) -> None:
    org, brand = OrganizationId(uuid4()), BrandId(uuid4())
    older, newer = a_proposal(org, brand), a_proposal(org, brand, NOW + timedelta(hours=1))
    async with uow_factory() as uow:
        await uow.calendar_proposals.add(older)
        await uow.calendar_proposals.add(newer)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.calendar_proposals.get(org, older.id)
        listed = await uow.calendar_proposals.for_brand(org, brand, limit=10)
        one = await uow.calendar_proposals.for_brand(org, brand, limit=1)
        elsewhere = await uow.calendar_proposals.get(OrganizationId(uuid4()), older.id)
    assert found == older
    assert [p.id for p in listed] == [newer.id, older.id]
    assert [p.id for p in one] == [newer.id]
    assert elsewhere is None


async def test_an_accept_racing_another_is_refused(uow_factory: UowFactory) -> None:
    org, brand = OrganizationId(uuid4()), BrandId(uuid4())
    made = a_proposal(org, brand)
    async with uow_factory() as uow:
        await uow.calendar_proposals.add(made)
        await uow.commit()
    pieces = (PlannedPiece(slot=0, content_id=uuid4()),)
    later = NOW + timedelta(minutes=5)
    slow = uow_factory()
    async with slow:
        late = await slow.calendar_proposals.get(org, made.id)
        assert late is not None
        async with uow_factory() as uow:
            first = await uow.calendar_proposals.get(org, made.id)
            assert first is not None
            first.accept(pieces, by=UserId(uuid4()), now=later, expected_version=1)
            await uow.calendar_proposals.save(first)
            await uow.commit()
        late.accept((PlannedPiece(slot=0, content_id=uuid4()),), by=UserId(uuid4()), now=later)
        with pytest.raises(StaleVersion):
            await slow.calendar_proposals.save(late)
    async with uow_factory() as uow:
        stored = await uow.calendar_proposals.get(org, made.id)
    assert stored is not None
    assert (stored.status.value, stored.version, stored.pieces) == ("accepted", 2, pieces)
    assert stored.accepted_at == later


async def test_a_rejection_is_read_back_and_its_event_committed(uow_factory: UowFactory) -> None:
    org, brand = OrganizationId(uuid4()), BrandId(uuid4())
    made = a_proposal(org, brand)
    made.proposed()
    async with uow_factory() as uow:
        await uow.calendar_proposals.add(made)
        await uow.commit()
    by, later = UserId(uuid4()), NOW + timedelta(minutes=5)
    async with uow_factory() as uow:
        found = await uow.calendar_proposals.get(org, made.id)
        assert found is not None
        found.reject(by=by, reason="not now", now=later, expected_version=1)
        await uow.calendar_proposals.save(found)
        await uow.commit()
    assert found.events == []  # committed: the unit of work collected the event
    async with uow_factory() as uow:
        stored = await uow.calendar_proposals.get(org, made.id)
    assert stored is not None
    assert (stored.status.value, stored.rejected_by, stored.rejection_reason) == (
        "rejected",
        by,
        "not now",
    )
    assert stored.rejected_at == later
