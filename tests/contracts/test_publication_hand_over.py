"""Contract of ``PublicationRepository.claim_and_hand_over`` on memory, SQLite and PostgreSQL:
the publications it leaves and the outbox messages it writes are those of the reference,
``Publication.claim`` on each due publication as loaded (``is_missed`` ones marked missed),
field for field; only the outbox rows' own ids are random. PostgreSQL does it in one
statement (adapters/sql/publishing/hand_over.py), so this is what holds it to the aggregate."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.contracts.conftest import UowFactory
from tests.contracts.test_publication_repository import add, load
from tests.unit.domain.publishing.publication_builders import NOW, publication

from umt.application.audit.entries import OPERATIONAL_EVENTS
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import PublicationInvalid
from umt.domain.publishing.publication_status import MissedPolicy, PublicationStatus
from umt.ports.audit_log import AuditQuery
from umt.ports.outbox import OutboxMessage
from umt.ports.pagination import PageRequest
from umt.ports.publication_repository import HandOver

S = PublicationStatus
LEASE = timedelta(minutes=5)
OWNER = "ticker:contract"
CLAIM_AT = NOW + timedelta(hours=3)


async def outbox(factory: UowFactory) -> list[OutboxMessage]:
    async with factory() as uow:
        return await uow.outbox.pending(limit=1000)


def message(m: OutboxMessage) -> tuple[Any, ...]:
    """An outbox message without its own (random) id, by aggregate then event type."""
    return (
        str(m.aggregate_id),
        m.event_type,
        m.aggregate_type,
        m.organization_id,
        m.occurred_at,
        m.payload,
    )


async def scenario(factory: UowFactory) -> dict[str, Publication]:
    """One tenant's calendar three hours on: fresh ones (one due at a time with microseconds),
    one past its grace window with the skip policy, one with the publish-late policy, one
    whose attempt's outcome is unknown (past its grace window too, but attempted), one not
    due yet."""
    org = uuid4()
    six_hours = timedelta(hours=6)
    half_hour = timedelta(minutes=30)
    items = {
        "fresh": publication(organization_id=org, due_in=timedelta(hours=2), grace=six_hours),
        "precise": publication(
            organization_id=org,
            due_in=timedelta(hours=1, minutes=15, microseconds=123_456),
            grace=six_hours,
        ),
        "missed": publication(organization_id=org, due_in=timedelta(hours=1), grace=half_hour),
        "late": publication(
            organization_id=org,
            due_in=timedelta(hours=1, minutes=5),
            grace=half_hour,
            missed_policy=MissedPolicy.PUBLISH_LATE,
        ),
        "unknown": publication(organization_id=org, due_in=half_hour, grace=half_hour),
        "later": publication(organization_id=org, due_in=timedelta(hours=5)),
    }
    await add(factory, *items.values())
    # a worker claimed "unknown", began its attempt and went silent: the lease ran out
    started = NOW + half_hour
    async with factory() as uow:
        p = await uow.publications.get(org, items["unknown"].id)
        assert p is not None
        p.begin_attempt(p.claim("w0", until=started + LEASE, now=started), now=started)
        p.expire_lease(now=started + LEASE)
        await uow.publications.save(p)
        await uow.commit()
    return items


async def test_the_hand_over_matches_the_aggregates_claim_row_for_row(
    uow_factory: UowFactory,
) -> None:
    items = await scenario(uow_factory)
    due = [name for name in items if name != "later"]
    # the reference: each as loaded, claimed through the aggregate
    expected = {name: await load(uow_factory, items[name]) for name in due}
    assert expected["unknown"].status is S.OUTCOME_UNKNOWN
    for p in expected.values():
        p.claim(OWNER, until=CLAIM_AT + LEASE, now=CLAIM_AT)
        if p.is_missed(CLAIM_AT):
            p.mark_missed(now=CLAIM_AT, fence=p.fence)
    before = {m.id for m in await outbox(uow_factory)}

    async with uow_factory() as uow:
        done = await uow.publications.claim_and_hand_over(
            CLAIM_AT, limit=10, owner=OWNER, lease=LEASE
        )
        await uow.commit()

    assert done == HandOver(
        handed_over=4, missed=1, earliest_due=expected["unknown"].next_attempt_at
    )
    for name, reference in expected.items():
        assert await load(uow_factory, items[name]) == reference, name
    assert (await load(uow_factory, items["later"])).status is S.SCHEDULED
    written = [m for m in await outbox(uow_factory) if m.id not in before]
    events = [e for p in expected.values() for e in p.events]
    reference = [
        (str(e.aggregate_id), e.event_type, e.aggregate_type, e.organization_id, e.occurred_at)
        for e in events
    ]
    assert sorted(message(m) for m in written) == sorted(
        (*row, e.payload()) for row, e in zip(reference, events, strict=True)
    )
    assert len({m.id for m in written}) == len(written) == 5
    hand_overs = {m.aggregate_id: m.payload["data"] for m in written}
    assert hand_overs[items["unknown"].id]["reconcile"] is True  # looked up before a resend
    assert hand_overs[items["precise"].id]["due_at"].endswith(".123456+00:00")

    async with uow_factory() as uow:
        audited = await uow.audit_log.query(
            AuditQuery(organization_id=items["fresh"].organization_id, since=CLAIM_AT),
            PageRequest(limit=100, sort="occurred_at"),
        )
        assert [e.action for e in audited.items] == ["publication.missed"]
        assert "publication.due" in OPERATIONAL_EVENTS  # the hand-over keeps no audit entry
        again = await uow.publications.claim_and_hand_over(
            CLAIM_AT, limit=10, owner=OWNER, lease=LEASE
        )
    assert again == HandOver()


async def test_it_claims_the_oldest_first_up_to_its_limit(uow_factory: UowFactory) -> None:
    items = [publication(due_in=timedelta(minutes=m)) for m in (30, 10, 20)]
    await add(uow_factory, *items)
    now = NOW + timedelta(hours=1)
    async with uow_factory() as uow:
        first = await uow.publications.claim_and_hand_over(now, limit=2, owner="w", lease=LEASE)
        await uow.commit()
    assert (first.handed_over, first.earliest_due) == (2, items[1].due_at)
    written = await outbox(uow_factory)
    assert [m.event_type for m in written] == 3 * ["publication.scheduled"] + 2 * [
        "publication.due"
    ]
    assert sorted(m.aggregate_id for m in written[3:]) == sorted([items[1].id, items[2].id])
    assert (await load(uow_factory, items[0])).status is S.SCHEDULED


async def test_a_claim_rolled_back_hands_nothing_over(uow_factory: UowFactory) -> None:
    p = publication(due_in=timedelta(minutes=1))
    await add(uow_factory, p)
    now = NOW + timedelta(minutes=2)
    async with uow_factory() as uow:
        with pytest.raises(PublicationInvalid):
            await uow.publications.claim_and_hand_over(now, limit=5, owner="", lease=LEASE)
    async with uow_factory() as uow:
        done = await uow.publications.claim_and_hand_over(now, limit=5, owner="w", lease=LEASE)
        assert done.handed_over == 1
    assert [m.event_type for m in await outbox(uow_factory)] == ["publication.scheduled"]
    stored = await load(uow_factory, p)
    assert (stored.status, stored.fence, stored.version) == (S.SCHEDULED, 0, p.version)


async def test_concurrent_hand_overs_never_share_a_row(
    uow_factory: UowFactory, backend: str
) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite has one writer: the embedded scheduler runs in one process")
    items = [publication(due_in=timedelta(minutes=1)) for _ in range(12)]
    await add(uow_factory, *items)
    now = NOW + timedelta(minutes=2)
    first_in, release = asyncio.Event(), asyncio.Event()

    async def claimer(owner: str, *, hold: bool) -> int:
        async with uow_factory() as uow:
            done = await uow.publications.claim_and_hand_over(
                now, limit=8, owner=owner, lease=LEASE
            )
            if hold:
                first_in.set()
                await release.wait()
            await uow.commit()
        return done.handed_over

    holder = asyncio.create_task(claimer("w1", hold=True))
    await first_in.wait()
    second = await claimer("w2", hold=False)  # does not wait for the first's locks
    release.set()
    assert (await holder, second) == (8, 4)
    handed: list[UUID] = [
        m.aggregate_id for m in await outbox(uow_factory) if m.event_type == "publication.due"
    ]
    assert sorted(handed) == sorted(p.id for p in items)  # each exactly once
