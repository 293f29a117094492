"""A content piece's status follows what the publish engine and the ticker record: the
outcome events (``publication.published``, ``.failed``, ``.missed``) the engine writes to the
outbox reach the content-ad-management agent's subscription (as the agent catalogue wires it),
which refreshes the piece's status in its own transaction. Scheduled through the bus, published
on the sandbox."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import timedelta

import pytest
from tests.unit.application.publishing.publishing_support import approved_piece
from tests.unit.application.publishing_dispatch.conftest import (
    Desk,
    FakeChannelCredentials,
    UowFactory,
    open_desk,
)

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.system.clock import FixedClock
from umt.application.agents.catalogue import CONTENT_AD_MANAGEMENT
from umt.application.bus import MessageBus
from umt.application.content.content_queries import GetContent
from umt.application.messaging.envelope import EventMessage, Header, MessageType
from umt.application.principal import Principal
from umt.application.publishing.schedule_publication import SchedulePublication
from umt.application.publishing_dispatch.ticker import PublicationTicker
from umt.application.services import Context
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.ids import BrandId

OUTCOMES = ("publication.published", "publication.failed", "publication.missed")


@dataclass
class Planned:
    piece: ContentPiece
    desk: Desk


@pytest.fixture
async def planned(
    bus: MessageBus,
    owner: Principal,
    store: InMemoryStore,
    clock: FixedClock,
    uow_factory: UowFactory,
    network: SandboxNetwork,
    connector: SandboxConnector,
    credentials: FakeChannelCredentials,
) -> Planned:
    """An approved piece and a sandbox channel account of its brand."""
    piece = await approved_piece(bus, owner)
    desk = await open_desk(
        uow_factory,
        clock=clock,
        network=network,
        connector=connector,
        credentials=credentials,
        organization_id=piece.organization_id,
        brand_id=BrandId(piece.brand_id),
        store=store,
    )
    return Planned(piece, desk)


async def follow_outcomes(desk: Desk) -> list[str]:
    """Deliver every outcome event in the outbox to the handler the agent catalogue has for
    it (the agent's subscription); the event types delivered."""
    assert desk.store is not None
    delivered = []
    for message in list(desk.store.outbox):
        if message.event_type not in OUTCOMES or message.id in desk.delivered:
            continue
        desk.delivered.add(message.id)
        handler = CONTENT_AD_MANAGEMENT.subscriptions[message.event_type]
        wanted = inspect.signature(handler).parameters
        deps = {k: v for k, v in desk.engine_deps().items() if k in wanted}
        event = EventMessage(
            header=Header(
                message_id=message.id,
                message_type=MessageType.EVENT,
                sender_id="outbox-relay",
                timestamp=desk.clock.now(),
            ),
            event_type=message.event_type,
            payload=message.payload,
        )
        context = Context(
            uow_factory=desk.uow_factory,
            message_key=f"event:content-ad-management:{message.id}",
        )
        await handler(event, context, **deps)
        delivered.append(message.event_type)
    return delivered


async def schedule(
    bus: MessageBus, owner: Principal, piece: ContentPiece, desk: Desk, clock: FixedClock
) -> Publication:
    at = clock.now() + timedelta(minutes=5)
    scheduled = await bus.execute(
        SchedulePublication(
            content_id=piece.id, channel_account_ids=[desk.account.id], at=at.isoformat()
        ),
        owner,
    )
    (publication,) = scheduled.items
    return publication


async def status_of(bus: MessageBus, owner: Principal, piece: ContentPiece) -> ContentStatus:
    current: ContentPiece = await bus.execute(GetContent(content_id=piece.id), owner)
    return current.status


async def published_by_the_ticker(desk: Desk, clock: FixedClock, ticker: PublicationTicker) -> None:
    clock.advance(timedelta(minutes=5))
    await ticker.tick()
    assert await desk.deliver_due() == 1


async def test_a_published_publication_makes_the_piece_published(
    bus: MessageBus,
    owner: Principal,
    clock: FixedClock,
    ticker: PublicationTicker,
    planned: Planned,
) -> None:
    piece, desk = planned.piece, planned.desk
    p = await schedule(bus, owner, piece, desk, clock)
    assert await status_of(bus, owner, piece) is ContentStatus.SCHEDULED

    await published_by_the_ticker(desk, clock, ticker)
    assert (await desk.load(p)).status is PublicationStatus.PUBLISHED
    assert await status_of(bus, owner, piece) is ContentStatus.SCHEDULED  # not followed yet

    assert await follow_outcomes(desk) == ["publication.published"]
    assert await status_of(bus, owner, piece) is ContentStatus.PUBLISHED
    assert await follow_outcomes(desk) == []  # each outcome followed once


async def test_a_failed_publication_makes_the_piece_failed(
    bus: MessageBus,
    owner: Principal,
    clock: FixedClock,
    ticker: PublicationTicker,
    planned: Planned,
) -> None:
    piece, desk = planned.piece, planned.desk
    p = await schedule(bus, owner, piece, desk, clock)
    desk.network.faults.force_duplicates(1)

    await published_by_the_ticker(desk, clock, ticker)
    assert (await desk.load(p)).status is PublicationStatus.FAILED

    assert await follow_outcomes(desk) == ["publication.failed"]
    assert await status_of(bus, owner, piece) is ContentStatus.FAILED


async def test_a_missed_publication_makes_the_piece_failed(
    bus: MessageBus,
    owner: Principal,
    clock: FixedClock,
    ticker: PublicationTicker,
    planned: Planned,
) -> None:
    piece, desk = planned.piece, planned.desk
    p = await schedule(bus, owner, piece, desk, clock)
    clock.advance(timedelta(minutes=5) + p.grace + timedelta(seconds=1))  # the process was down

    report = await ticker.tick()

    assert (report.claimed, report.missed) == (0, 1)
    assert (await desk.load(p)).status is PublicationStatus.MISSED
    assert await follow_outcomes(desk) == ["publication.missed"]
    assert await status_of(bus, owner, piece) is ContentStatus.FAILED


async def test_one_of_two_published_makes_the_piece_partly_published(
    bus: MessageBus,
    owner: Principal,
    clock: FixedClock,
    ticker: PublicationTicker,
    planned: Planned,
) -> None:
    piece, desk = planned.piece, planned.desk
    first = await schedule(bus, owner, piece, desk, clock)
    later = clock.now() + timedelta(days=2)
    await bus.execute(
        SchedulePublication(
            content_id=piece.id, channel_account_ids=[desk.account.id], at=later.isoformat()
        ),
        owner,
    )

    await published_by_the_ticker(desk, clock, ticker)
    assert (await desk.load(first)).status is PublicationStatus.PUBLISHED
    await follow_outcomes(desk)

    current: ContentPiece = await bus.execute(GetContent(content_id=piece.id), owner)
    assert current.status is ContentStatus.PARTLY_PUBLISHED
