"""Accepting a calendar proposal plans a publication per slot; approving a piece schedules its
plan at the slot (followed as the content-ad-management agent follows ``content.approved``),
with the calendar's checks; a plan whose time passes first, or that the calendar refuses
then, is dropped with the reason. Accepting or delivering twice makes nothing twice."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.agents.catalogue import CONTENT_AD_MANAGEMENT
from umt.application.bus import MessageBus
from umt.application.content.approve_content import ApproveContent
from umt.application.content.content_queries import GetContent
from umt.application.content.submit_for_review import SubmitForReview
from umt.application.messaging.envelope import EventMessage, Header, MessageType
from umt.application.principal import Principal
from umt.application.publishing.plan_queries import ListPlannedPublications
from umt.application.publishing.planned_publications import PASSED, drop_overdue_plans
from umt.application.publishing.publication_queries import ListPublications
from umt.application.publishing.schedule_publication import SchedulePublication
from umt.application.services import Context
from umt.application.strategy.calendar_proposals import AcceptCalendarProposal
from umt.application.strategy.propose_calendar import ProposeCalendar
from umt.domain.content.piece import ContentPiece
from umt.domain.identity.permissions import Role
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.planned_publication import PlannedPublication
from umt.domain.publishing.publication import Publication
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from umt.domain.strategy.calendar import CalendarProposal
from umt.ports.pagination import Page
from umt.ports.unit_of_work import UnitOfWork


async def _accepted(bus: MessageBus, owner: Principal, brand_id: UUID) -> CalendarProposal:
    """A week of three default slots (Tue, Wed, Thu 09:00 Berlin), accepted."""
    proposal: CalendarProposal = await bus.ask(
        ProposeCalendar(brand_id=brand_id, weeks=1), CalendarProposal, owner
    )
    accepted: CalendarProposal = await bus.ask(
        AcceptCalendarProposal(brand_id=brand_id, proposal_id=proposal.id),
        CalendarProposal,
        owner,
    )
    return accepted


async def _plans(bus: MessageBus, who: Principal, brand_id: UUID) -> list[PlannedPublication]:
    found: list[PlannedPublication] = await bus.ask(
        ListPlannedPublications(brand_id=brand_id), list[PlannedPublication], who
    )
    return found


async def _approve(bus: MessageBus, owner: Principal, content_id: UUID) -> None:
    await bus.execute(SubmitForReview(content_id=content_id), owner)
    await bus.execute(ApproveContent(content_id=content_id), owner)


async def _deliver_approvals(
    store: InMemoryStore, uow_factory: Callable[[], UnitOfWork], clock: FixedClock
) -> int:
    """Every ``content.approved`` in the outbox to the agent's handler of it, as the broker
    hands it over (at least once: callers deliver again to check that twice is harmless)."""
    handler = CONTENT_AD_MANAGEMENT.subscriptions["content.approved"]
    deps = {"clock": clock, "ids": UuidV7Generator()}
    wanted = inspect.signature(handler).parameters
    delivered = 0
    for message in list(store.outbox):
        if message.event_type != "content.approved":
            continue
        event = EventMessage(
            header=Header(
                message_id=message.id,
                message_type=MessageType.EVENT,
                sender_id="outbox-relay",
                timestamp=clock.now(),
            ),
            event_type=message.event_type,
            payload=message.payload,
        )
        context = Context(uow_factory=uow_factory, message_key=f"event:test:{message.id}")
        await handler(event, context, **{k: v for k, v in deps.items() if k in wanted})
        delivered += 1
    return delivered


async def _publications(bus: MessageBus, owner: Principal, brand_id: UUID) -> list[Publication]:
    page: Page[Publication] = await bus.ask(
        ListPublications(brand_id=brand_id), Page[Publication], owner
    )
    return list(page.items)


async def test_accepting_plans_each_slot_once(
    bus: MessageBus, owner: Principal, brand_id: UUID, account: ChannelAccount
) -> None:
    accepted = await _accepted(bus, owner, brand_id)
    again: CalendarProposal = await bus.ask(
        AcceptCalendarProposal(brand_id=brand_id, proposal_id=accepted.id),
        CalendarProposal,
        owner,
    )

    plans = await _plans(bus, owner, brand_id)
    assert again.pieces == accepted.pieces
    assert len(plans) == len(accepted.slots) == 3  # accepted twice, planned once
    for plan, slot, piece in zip(plans, accepted.slots, accepted.pieces, strict=True):
        assert (plan.status.value, plan.publication_id, plan.reason) == ("planned", None, None)
        assert (plan.channel_account_id, plan.due_at) == (account.id, slot.due_at)
        assert (plan.local_time, plan.time_zone) == (slot.local_time, "Europe/Berlin")
        assert (plan.content_id, plan.proposal_id, plan.slot) == (
            piece.content_id,
            accepted.id,
            piece.slot,
        )
    assert await _publications(bus, owner, brand_id) == []  # nothing scheduled before approval


async def test_approving_a_piece_schedules_its_plan_at_the_slot_once(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    store: InMemoryStore,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    accepted = await _accepted(bus, owner, brand_id)
    first = accepted.pieces[0].content_id
    await _approve(bus, owner, first)

    assert await _deliver_approvals(store, uow_factory, clock) == 1
    assert await _deliver_approvals(store, uow_factory, clock) == 1  # redelivered

    (publication,) = await _publications(bus, owner, brand_id)
    assert (publication.content_id, publication.channel_account_id) == (first, account.id)
    assert publication.due_at == accepted.slots[0].due_at == datetime(2026, 3, 3, 8, tzinfo=UTC)
    assert publication.local_time == datetime(2026, 3, 3, 9, 0)  # noqa: DTZ001  # a wall time
    assert publication.status.value == "scheduled"
    plans = await _plans(bus, owner, brand_id)
    assert [(p.status.value, p.publication_id) for p in plans] == [
        ("scheduled", publication.id),
        ("planned", None),
        ("planned", None),
    ]
    piece: ContentPiece = await bus.ask(GetContent(content_id=first), ContentPiece, owner)
    assert (piece.status.value, piece.scheduled_for) == ("scheduled", publication.due_at)


async def test_a_plan_whose_time_passes_unapproved_is_dropped(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    store: InMemoryStore,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    accepted = await _accepted(bus, owner, brand_id)
    clock.advance(timedelta(days=2, hours=1))  # past Tuesday's slot, before Wednesday's

    assert await drop_overdue_plans(uow_factory, clock=clock) == 1
    assert await drop_overdue_plans(uow_factory, clock=clock) == 0

    plans = await _plans(bus, owner, brand_id)
    assert [(p.status.value, p.reason) for p in plans] == [
        ("dropped", PASSED),
        ("planned", None),
        ("planned", None),
    ]
    # approving the piece of the passed slot later schedules nothing for it
    await _approve(bus, owner, accepted.pieces[0].content_id)
    await _deliver_approvals(store, uow_factory, clock)
    assert await _publications(bus, owner, brand_id) == []


async def test_approval_after_the_time_passed_drops_the_plan_before_any_sweep(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    store: InMemoryStore,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    accepted = await _accepted(bus, owner, brand_id)
    clock.advance(timedelta(days=2, hours=1))
    await _approve(bus, owner, accepted.pieces[0].content_id)
    await _deliver_approvals(store, uow_factory, clock)

    first = (await _plans(bus, owner, brand_id))[0]
    assert (first.status.value, first.reason) == ("dropped", PASSED)
    assert await _publications(bus, owner, brand_id) == []


async def test_a_plan_the_calendar_refuses_at_approval_is_dropped_with_the_conflict(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    store: InMemoryStore,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    accepted = await _accepted(bus, owner, brand_id)
    async with uow_factory() as uow:  # the account now takes one post every two hours
        stored = await uow.channel_accounts.get(owner.organization_id, account.id)
        assert stored is not None
        stored.min_spacing_minutes = 120
        await uow.channel_accounts.save(stored)
        await uow.commit()
    # meanwhile someone put another approved post on the account at 09:30 that Tuesday
    other = accepted.pieces[1].content_id
    await _approve(bus, owner, other)
    await bus.execute(
        SchedulePublication(
            content_id=other,
            channel_account_ids=[account.id],
            at=(accepted.slots[0].due_at + timedelta(minutes=30)).isoformat(),
        ),
        owner,
    )
    await _approve(bus, owner, accepted.pieces[0].content_id)
    await _deliver_approvals(store, uow_factory, clock)

    plans = await _plans(bus, owner, brand_id)
    assert plans[0].status.value == "dropped"
    assert plans[0].reason is not None
    assert plans[0].reason.startswith("min_spacing:")
    # the second piece's own plan (Wednesday) was scheduled at its slot beside the manual post
    assert plans[1].status.value == "scheduled"
    assert len(await _publications(bus, owner, brand_id)) == 2


async def test_listing_plans_checks_permission_tenant_and_input(
    bus: MessageBus,
    owner: Principal,
    other_owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
) -> None:
    accepted = await _accepted(bus, owner, brand_id)
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    assert len(await _plans(bus, viewer, brand_id)) == 3  # publishing:read: every role
    wednesday = await bus.ask(
        ListPlannedPublications(
            brand_id=brand_id,
            due_from=accepted.slots[1].due_at,
            due_to=accepted.slots[2].due_at,
            status="planned",
        ),
        list[PlannedPublication],
        owner,
    )
    assert [p.slot for p in wednesday] == [1]
    with pytest.raises(NotFound):
        await _plans(bus, other_owner, brand_id)
    for bad in (
        {"status": "someday"},
        {"limit": 0},
        {"due_from": datetime(2026, 3, 1)},  # noqa: DTZ001  # naive: refused
        {"due_from": accepted.slots[1].due_at, "due_to": accepted.slots[0].due_at},
    ):
        with pytest.raises(InvalidValue):
            await bus.ask(
                ListPlannedPublications(brand_id=brand_id, **bad),  # type: ignore[arg-type]
                list[PlannedPublication],
                owner,
            )
    no_rights = Principal(
        user_id=owner.user_id,
        organization_id=owner.organization_id,
        role=Role.VIEWER,
        permissions=frozenset(),
    )
    with pytest.raises(PermissionDenied):
        await _plans(bus, no_rights, brand_id)
