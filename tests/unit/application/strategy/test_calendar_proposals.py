"""ProposeCalendar and AcceptCalendarProposal through the bus: slots from the best times (or
the default), the calendar's rules respected, accepting once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest
from tests.support.strategy import WEEK, Post, a_piece, seed_account, seed_posts, weekly

from umt.adapters.system.clock import FixedClock
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.create_project import CreateProject
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.application.strategy.calendar_proposals import (
    AcceptCalendarProposal,
    GetCalendarProposal,
    ListCalendarProposals,
)
from umt.application.strategy.propose_calendar import ProposeCalendar
from umt.domain.brand.brand import Brand
from umt.domain.brand.project import Project
from umt.domain.identity.permissions import Role
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied, StaleVersion
from umt.domain.shared.ids import ContentId
from umt.domain.strategy.calendar import CalendarProposal
from umt.ports.unit_of_work import UnitOfWork

# the clock: Sunday 1 March 2026, 09:00 UTC; the brand is in Berlin (UTC+1)
TUESDAY_9_BERLIN = datetime(2026, 2, 3, 8, 0, tzinfo=UTC)
THURSDAY_15_BERLIN = datetime(2026, 2, 5, 14, 0, tzinfo=UTC)


async def _project(bus: MessageBus, owner: Principal, brand_id: UUID) -> UUID:
    made: Project = await bus.ask(
        CreateProject(brand_id=brand_id, name="Spring", project_type="content_series"),
        Project,
        owner,
    )
    return made.id


async def _propose(bus: MessageBus, who: Principal, **fields: object) -> CalendarProposal:
    found: CalendarProposal = await bus.ask(ProposeCalendar(**fields), CalendarProposal, who)  # type: ignore[arg-type]
    return found


async def test_slots_follow_the_best_times_and_topics_rotate(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    posts = weekly(TUESDAY_9_BERLIN, 12, 1000, 90) + weekly(THURSDAY_15_BERLIN, 12, 1000, 30)
    await seed_posts(uow_factory, account, posts, now=clock.now())
    project_id = await _project(bus, owner, brand_id)

    proposal = await _propose(
        bus, owner, brand_id=brand_id, project_id=project_id, weeks=2, per_week=2
    )

    assert (proposal.starts_on, proposal.status.value) == (date(2026, 3, 2), "proposed")
    local = [(s.local_time, s.timing) for s in proposal.slots]
    assert local == [
        ("2026-03-03T09:00", "best_times"),  # Tuesday 9:00, the best slot
        ("2026-03-05T15:00", "best_times"),  # Thursday 15:00, the second
        ("2026-03-10T09:00", "best_times"),
        ("2026-03-12T15:00", "best_times"),
    ]
    assert proposal.slots[0].due_at == datetime(2026, 3, 3, 8, tzinfo=UTC)
    assert proposal.slots[0].confidence is not None
    assert proposal.slots[0].confidence > 0.99
    assert {s.topic_source for s in proposal.slots} == {"brand"}  # no research, no winners
    assert proposal.skipped == ()


async def test_blackout_dates_and_the_daily_cap_are_respected(
    bus: MessageBus,
    owner: Principal,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    brand: Brand = await bus.ask(
        CreateBrand(name="Careful", time_zone="Europe/Berlin", blackout_dates=["2026-03-03"]),
        Brand,
        owner,
    )
    account = await seed_account(uow_factory, owner.organization_id, brand.id, now=clock.now())
    async with uow_factory() as uow:
        stored = await uow.channel_accounts.get(owner.organization_id, account.id)
        assert stored is not None
        stored.daily_cap = 1
        await uow.channel_accounts.save(stored)
        await uow.commit()
    # a post already planned on Wednesday 4 March at 10:00 Berlin
    await seed_posts(
        uow_factory,
        account,
        [Post(at=datetime(2026, 3, 4, 9, tzinfo=UTC), impressions=0, likes=0)],
        now=clock.now(),
    )
    project_id = await _project(bus, owner, brand.id)

    proposal = await _propose(
        bus, owner, brand_id=brand.id, project_id=project_id, weeks=1, per_week=2
    )

    # no model: the default order, Tuesday, Wednesday, Thursday, Monday, Friday mornings;
    # Tuesday is a blackout date, Wednesday and Thursday 9:00 lie within 24 hours of the
    # planned post (the account takes one a day)
    assert [s.local_time for s in proposal.slots] == ["2026-03-02T09:00", "2026-03-06T09:00"]
    assert {s.timing for s in proposal.slots} == {"default"}
    skipped = [(s.due_at.isoformat(), s.reason) for s in proposal.skipped]
    assert skipped == [
        ("2026-03-03T08:00:00+00:00", "2026-03-03 is a blackout date of the brand"),
        ("2026-03-04T08:00:00+00:00", "Acme on the sandbox takes at most 1 posts in 24 hours"),
        ("2026-03-05T08:00:00+00:00", "Acme on the sandbox takes at most 1 posts in 24 hours"),
    ]


async def test_accepting_creates_draft_pieces_once(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    project_id = await _project(bus, owner, brand_id)
    proposal = await _propose(bus, owner, brand_id=brand_id, project_id=project_id, weeks=1)
    assert len(proposal.slots) == 3
    with pytest.raises(StaleVersion):
        await bus.ask(
            AcceptCalendarProposal(brand_id=brand_id, proposal_id=proposal.id, expected_version=2),
            CalendarProposal,
            owner,
        )
    accept = AcceptCalendarProposal(brand_id=brand_id, proposal_id=proposal.id, expected_version=1)

    accepted = await bus.ask(accept, CalendarProposal, owner)
    again = await bus.ask(accept, CalendarProposal, owner)

    assert (accepted.status.value, accepted.version) == ("accepted", 2)
    assert [p.slot for p in accepted.pieces] == [0, 1, 2]
    assert again.pieces == accepted.pieces  # accepted twice: nothing made twice
    async with uow_factory() as uow:
        pieces = [
            await uow.content.get(owner.organization_id, ContentId(p.content_id))
            for p in accepted.pieces
        ]
    for piece, slot in zip(pieces, accepted.slots, strict=True):
        assert piece is not None
        assert (piece.project_id, piece.status.value) == (project_id, "draft")
        assert piece.current.draft.title == slot.topic
        assert slot.local_time in piece.current.draft.body
        assert piece.current.author.label() == "agent:content-strategy"
    listed = await bus.ask(ListCalendarProposals(brand_id=brand_id), list[CalendarProposal], owner)
    assert [p.id for p in listed] == [proposal.id]


async def test_permissions_tenants_and_bad_input(
    bus: MessageBus,
    owner: Principal,
    other_owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
) -> None:
    project_id = await _project(bus, owner, brand_id)
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await _propose(bus, viewer, brand_id=brand_id, project_id=project_id)
    proposal = await _propose(bus, owner, brand_id=brand_id, project_id=project_id)
    read = await bus.ask(
        GetCalendarProposal(brand_id=brand_id, proposal_id=proposal.id), CalendarProposal, viewer
    )
    assert read.slots == proposal.slots
    with pytest.raises(PermissionDenied):
        await bus.ask(
            AcceptCalendarProposal(brand_id=brand_id, proposal_id=proposal.id),
            CalendarProposal,
            viewer,
        )
    with pytest.raises(NotFound):
        await bus.ask(
            GetCalendarProposal(brand_id=brand_id, proposal_id=proposal.id),
            CalendarProposal,
            other_owner,
        )
    with pytest.raises(NotFound):
        await _propose(
            bus, owner, brand_id=brand_id, project_id=project_id, channel_account_ids=[uuid4()]
        )
    for bad in (
        {"weeks": 13},
        {"per_week": 0},
        {"starts_on": "2026-02-01"},
        {"starts_on": "soon"},
        {"content_type": "hologram"},
    ):
        with pytest.raises(InvalidValue):
            await _propose(bus, owner, brand_id=brand_id, project_id=project_id, **bad)


async def test_a_winning_posts_title_is_a_topic(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    uow_factory: Callable[[], UnitOfWork],
    clock: FixedClock,
) -> None:
    piece = await a_piece(bus, owner, brand_id, "Five webinar mistakes")
    posts = weekly(TUESDAY_9_BERLIN, 12, 1000, 40) + weekly(THURSDAY_15_BERLIN, 12, 1000, 40)
    posts.append(Post(at=TUESDAY_9_BERLIN + WEEK, impressions=2000, likes=300, content_id=piece.id))
    await seed_posts(uow_factory, account, posts, now=clock.now())

    proposal = await _propose(bus, owner, brand_id=brand_id, weeks=1, per_week=2)

    assert proposal.project_id is None
    assert [(s.topic, s.topic_source) for s in proposal.slots] == [
        ("Five webinar mistakes", "winner")
    ] * 2
