"""Calendar proposals publish their steps through the outbox (and so reach the webhooks):
proposed, accepted, rejected. A decision is taken once: deciding again is a conflict and
publishes nothing; a rejected proposal makes nothing."""

from __future__ import annotations

from uuid import UUID

import pytest

from umt.adapters.memory.store import InMemoryStore
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.application.strategy.calendar_proposals import (
    AcceptCalendarProposal,
    RejectCalendarProposal,
)
from umt.application.strategy.propose_calendar import ProposeCalendar
from umt.application.webhooks.fan_out import FAN_OUT_PATTERNS
from umt.domain.identity.permissions import Role
from umt.domain.integration.webhooks import pattern_matches
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.shared.errors import InvalidValue, PermissionDenied, StaleVersion
from umt.domain.strategy.calendar import CalendarProposal, ProposalDecided


def published(store: InMemoryStore, prefix: str) -> list[tuple[str, dict[str, object]]]:
    """The events of ``prefix`` in the outbox, in order: their type and data."""
    return [
        (m.event_type, m.payload["data"]) for m in store.outbox if m.event_type.startswith(prefix)
    ]


async def _propose(bus: MessageBus, owner: Principal, brand_id: UUID) -> CalendarProposal:
    made: CalendarProposal = await bus.ask(
        ProposeCalendar(brand_id=brand_id, weeks=1, per_week=2), CalendarProposal, owner
    )
    return made


def test_the_strategy_events_reach_the_webhooks() -> None:
    for event_type in (
        "calendar_proposal.proposed",
        "calendar_proposal.accepted",
        "calendar_proposal.rejected",
        "recommendation.accepted",
        "recommendation.dismissed",
        "report_schedule.created",
        "report_schedule.updated",
        "report_schedule.deleted",
    ):
        assert any(pattern_matches(p, event_type) for p in FAN_OUT_PATTERNS), event_type


async def test_a_proposal_is_announced_when_proposed_and_when_accepted(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    store: InMemoryStore,
) -> None:
    proposal = await _propose(bus, owner, brand_id)
    accept = AcceptCalendarProposal(brand_id=brand_id, proposal_id=proposal.id)
    accepted = await bus.ask(accept, CalendarProposal, owner)
    await bus.ask(accept, CalendarProposal, owner)  # accepted again: nothing new

    events = published(store, "calendar_proposal.")
    assert [t for t, _ in events] == ["calendar_proposal.proposed", "calendar_proposal.accepted"]
    proposed, done = events[0][1], events[1][1]
    assert (proposed["brand_id"], proposed["slots"], proposed["status"]) == (
        str(brand_id),
        2,
        "proposed",
    )
    assert done["pieces"] == [str(p.content_id) for p in accepted.pieces]
    assert (done["status"], done["by"]) == ("accepted", str(owner.user_id))
    with pytest.raises(ProposalDecided):
        await bus.ask(
            RejectCalendarProposal(brand_id=brand_id, proposal_id=proposal.id),
            CalendarProposal,
            owner,
        )
    assert len(published(store, "calendar_proposal.")) == 2


async def test_a_rejected_proposal_makes_nothing_and_is_announced_once(
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    account: ChannelAccount,
    store: InMemoryStore,
) -> None:
    proposal = await _propose(bus, owner, brand_id)
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    reject = RejectCalendarProposal(
        brand_id=brand_id, proposal_id=proposal.id, reason="not this quarter", expected_version=1
    )
    with pytest.raises(PermissionDenied):
        await bus.ask(reject, CalendarProposal, viewer)
    with pytest.raises(InvalidValue):
        await bus.ask(
            RejectCalendarProposal(brand_id=brand_id, proposal_id=proposal.id, reason="x" * 501),
            CalendarProposal,
            owner,
        )

    rejected = await bus.ask(reject, CalendarProposal, owner)

    assert (rejected.status.value, rejected.version) == ("rejected", 2)
    assert (rejected.rejected_by, rejected.rejection_reason) == (owner.user_id, "not this quarter")
    with pytest.raises(StaleVersion):
        await bus.ask(reject, CalendarProposal, owner)
    for decide in (
        RejectCalendarProposal(brand_id=brand_id, proposal_id=proposal.id),
        AcceptCalendarProposal(brand_id=brand_id, proposal_id=proposal.id),
    ):
        with pytest.raises(ProposalDecided):
            await bus.ask(decide, CalendarProposal, owner)
    events = published(store, "calendar_proposal.")
    assert [t for t, _ in events] == ["calendar_proposal.proposed", "calendar_proposal.rejected"]
    assert events[1][1]["reason"] == "not this quarter"
    assert not [m for m in store.outbox if m.event_type == "content.created"]  # nothing made
