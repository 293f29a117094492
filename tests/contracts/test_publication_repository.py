"""Contract of PublicationRepository, run against memory, SQLite and PostgreSQL: the aggregate
and its attempts round-trip, optimistic saves, the calendar's filters and keyset pages, the
account windows, and the scheduler's claims (two concurrent claims never share a row)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from tests.contracts.conftest import UowFactory
from tests.unit.domain.publishing.publication_builders import NOW, publication

from umt.domain.brand.channels import Channel
from umt.domain.content.version import MediaKind, MediaReference
from umt.domain.integration.errors import Rejection
from umt.domain.publishing.attempts import AttemptOutcome
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import PublicationAlreadyExists
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.values import Url
from umt.ports.pagination import PageRequest
from umt.ports.publication_repository import PublicationFilter
from umt.ports.unit_of_work import UnitOfWork

S = PublicationStatus
DUE = NOW + timedelta(hours=1)
LEASE = timedelta(minutes=5)
BY_DUE = PageRequest(sort="due_at", limit=50)


async def add(factory: UowFactory, *items: Publication) -> None:
    async with factory() as uow:
        for item in items:
            await uow.publications.add(item)
        await uow.commit()


async def save_and_commit(uow: UnitOfWork, item: Publication) -> None:
    await uow.publications.save(item)
    await uow.commit()


async def load(factory: UowFactory, p: Publication) -> Publication:
    async with factory() as uow:
        found = await uow.publications.get(p.organization_id, p.id)
    assert found is not None
    return found


async def test_a_publication_round_trips_with_every_field(uow_factory: UowFactory) -> None:
    rendering = RenderedPost(
        text="<p>Spring</p>",
        title="Spring menu",
        link="https://acme.example/menu",
        media=(
            MediaReference(
                url=Url("https://cdn.example/a.png"), kind=MediaKind.IMAGE, alt_text="A"
            ),
        ),
        preview_text="New this week",
    )
    p = publication(
        project_id=uuid4(),
        schedule_id=uuid4(),
        first_comment="#spring",
        grace=timedelta(minutes=17),
        rendering=rendering,
    )
    await add(uow_factory, p)
    found = await load(uow_factory, p)
    assert found == p
    assert found.local_time == p.local_time
    assert found.rendering == rendering
    assert found.events == []


async def test_attempts_are_stored_and_updated_with_the_aggregate(uow_factory: UowFactory) -> None:
    p = publication()
    await add(uow_factory, p)
    async with uow_factory() as uow:
        loaded = await uow.publications.get(p.organization_id, p.id)
        assert loaded is not None
        fence = loaded.claim("w1", until=DUE + LEASE, now=DUE)
        loaded.begin_attempt(fence, now=DUE)
        await uow.publications.save(loaded)
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.publications.get(p.organization_id, p.id)
        assert loaded is not None
        assert loaded.status is S.PUBLISHING
        assert loaded.attempts[0].outcome is AttemptOutcome.PENDING
        loaded.record_failure(
            fence,
            FailureReason.REJECTED,
            rejection=Rejection.MEDIA,
            detail="bad image",
            now=DUE,
            retry_at=DUE + timedelta(minutes=1),
        )
        later = DUE + timedelta(minutes=1)
        fence = loaded.claim("w2", until=later + LEASE, now=later)
        loaded.begin_attempt(fence, now=later)
        loaded.record_success(fence, remote_id="urn:li:share:5", now=later)
        await uow.publications.save(loaded)
        await uow.commit()
    found = await load(uow_factory, p)
    assert found == loaded
    assert [a.outcome for a in found.attempts] == [AttemptOutcome.FAILED, AttemptOutcome.SUCCEEDED]
    assert found.attempts[0].rejection is Rejection.MEDIA
    assert found.attempts[0].detail == "bad image"


async def test_an_unknown_publication_or_another_tenants_is_none(uow_factory: UowFactory) -> None:
    p = publication()
    await add(uow_factory, p)
    async with uow_factory() as uow:
        assert await uow.publications.get(p.organization_id, uuid4()) is None  # type: ignore[arg-type]
        assert await uow.publications.get(uuid4(), p.id) is None  # type: ignore[arg-type]


async def test_two_writers_of_one_version_one_loses(uow_factory: UowFactory) -> None:
    p = publication()
    await add(uow_factory, p)
    async with uow_factory() as first, uow_factory() as second:
        a = await first.publications.get(p.organization_id, p.id)
        b = await second.publications.get(p.organization_id, p.id)
        assert a is not None
        assert b is not None
        a.cancel(now=NOW)
        await first.publications.save(a)
        await first.commit()
        b.cancel(now=NOW)
        with pytest.raises(StaleVersion):  # at the save or at the commit: both count
            await save_and_commit(second, b)
    assert (await load(uow_factory, p)).version == 2


async def test_a_schedule_makes_one_publication_per_account_and_time(
    uow_factory: UowFactory,
) -> None:
    schedule, account, org = uuid4(), uuid4(), uuid4()
    first = publication(schedule_id=schedule, channel_account_id=account, organization_id=org)
    await add(uow_factory, first)
    again = publication(schedule_id=schedule, channel_account_id=account, organization_id=org)
    with pytest.raises(PublicationAlreadyExists):
        await add(uow_factory, again)
    other_time = publication(
        schedule_id=schedule, channel_account_id=account, organization_id=org, due_in=timedelta(2)
    )
    unscheduled = publication(channel_account_id=account, organization_id=org)
    await add(uow_factory, other_time, unscheduled)


async def test_the_calendar_filters_and_pages_by_due_time(uow_factory: UowFactory) -> None:
    org, brand, other_brand, account, project = (uuid4() for _ in range(5))
    hours = [5, 1, 3, 2, 4]
    mine = [
        publication(
            organization_id=org,
            brand_id=brand,
            channel_account_id=account,
            project_id=project if h % 2 else None,
            due_in=timedelta(hours=h),
        )
        for h in hours
    ]
    elsewhere = publication(organization_id=org, brand_id=other_brand, channel=Channel.X)
    foreign = publication(brand_id=brand)
    await add(uow_factory, *mine, elsewhere, foreign)
    mine[0].cancel(now=NOW)
    async with uow_factory() as uow:
        cancelled = await uow.publications.get(org, mine[0].id)  # type: ignore[arg-type]
        assert cancelled is not None
        cancelled.cancel(now=NOW)
        await uow.publications.save(cancelled)
        await uow.commit()

    async def ids(filters: PublicationFilter, page: PageRequest = BY_DUE) -> list[UUID]:
        async with uow_factory() as uow:
            result = await uow.publications.list(org, filters, page)  # type: ignore[arg-type]
        return [p.id for p in result.items]

    by_time = [p.id for p in sorted(mine, key=lambda p: p.due_at)]
    assert await ids(PublicationFilter(brand_id=brand)) == by_time  # type: ignore[arg-type]
    assert len(await ids(PublicationFilter())) == 6
    assert await ids(PublicationFilter(channel=Channel.X)) == [elsewhere.id]
    assert await ids(PublicationFilter(project_id=project)) == [  # type: ignore[arg-type]
        p.id for p in sorted(mine, key=lambda p: p.due_at) if p.project_id == project
    ]
    assert await ids(PublicationFilter(statuses=frozenset({S.CANCELLED}))) == [mine[0].id]
    window = PublicationFilter(
        brand_id=brand,  # type: ignore[arg-type]
        due_from=NOW + timedelta(hours=2),
        due_to=NOW + timedelta(hours=4),
    )
    assert await ids(window) == by_time[1:3]
    assert await ids(PublicationFilter(brand_ids=frozenset())) == []

    seen: list[UUID] = []
    cursor = None
    while True:
        async with uow_factory() as uow:
            page = await uow.publications.list(
                org,  # type: ignore[arg-type]
                PublicationFilter(brand_id=brand),  # type: ignore[arg-type]
                PageRequest(sort="due_at", limit=2, cursor=cursor),
            )
        seen += [p.id for p in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == by_time
    with pytest.raises(InvalidValue):
        await ids(PublicationFilter(), PageRequest(sort="remote_id"))


async def test_account_slots_and_counts_see_the_active_ones_in_the_window(
    uow_factory: UowFactory,
) -> None:
    org, account = uuid4(), uuid4()
    items = [
        publication(organization_id=org, channel_account_id=account, due_in=timedelta(hours=h))
        for h in (1, 2, 3, 30)
    ]
    other = publication(organization_id=org, due_in=timedelta(hours=2))
    items[1].cancel(now=NOW)
    await add(uow_factory, *items, other)
    async with uow_factory() as uow:
        slots = await uow.publications.account_slots(
            org,  # type: ignore[arg-type]
            account,  # type: ignore[arg-type]
            NOW,
            NOW + timedelta(hours=24),
        )
        count = await uow.publications.count_for_account(
            org,
            account,
            NOW,
            NOW + timedelta(hours=24),  # type: ignore[arg-type]
        )
        cancelled = await uow.publications.count_for_account(
            org,  # type: ignore[arg-type]
            account,  # type: ignore[arg-type]
            NOW,
            NOW + timedelta(hours=24),
            frozenset({S.CANCELLED}),
        )
    assert [s.publication_id for s in slots] == [items[0].id, items[2].id]
    assert [s.due_at for s in slots] == [items[0].due_at, items[2].due_at]
    assert (count, cancelled) == (2, 1)


async def test_status_counts_count_a_pieces_publications_per_status(
    uow_factory: UowFactory,
) -> None:
    org, piece = uuid4(), uuid4()
    items = [
        publication(organization_id=org, content_id=piece, due_in=timedelta(hours=h))
        for h in (3, 1, 2, 5, 4)
    ]
    items[3].cancel(now=NOW)
    items[4].cancel(now=NOW)
    other_piece = publication(organization_id=org, due_in=timedelta(minutes=5))
    other_tenant = publication(content_id=piece, due_in=timedelta(minutes=5))
    await add(uow_factory, *items, other_piece, other_tenant)

    async def counts(excluding: frozenset[UUID] = frozenset()) -> list[tuple[S, int, object]]:
        async with uow_factory() as uow:
            found = await uow.publications.status_counts(
                org,  # type: ignore[arg-type]
                piece,  # type: ignore[arg-type]
                excluding=excluding,  # type: ignore[arg-type]
            )
        return [(c.status, c.count, c.first_due_at) for c in found]

    assert await counts() == [
        (S.CANCELLED, 2, items[4].due_at),
        (S.SCHEDULED, 3, items[1].due_at),
    ]
    assert await counts(frozenset({items[1].id, items[3].id})) == [
        (S.CANCELLED, 1, items[4].due_at),
        (S.SCHEDULED, 2, items[2].due_at),
    ]
    async with uow_factory() as uow:
        assert await uow.publications.status_counts(org, uuid4()) == []  # type: ignore[arg-type]


async def test_claim_due_claims_what_is_due_and_records_the_hand_over(
    uow_factory: UowFactory,
) -> None:
    due = [publication(due_in=timedelta(minutes=m)) for m in (30, 10, 20)]
    later = publication(due_in=timedelta(hours=5))
    await add(uow_factory, *due, later)
    now = NOW + timedelta(hours=1)
    async with uow_factory() as uow:
        claimed = await uow.publications.claim_due(now, limit=2, owner="w1", lease=LEASE)
        assert [p.id for p in claimed] == [due[1].id, due[2].id]  # oldest first
        await uow.commit()
        events = uow.collect_events()
    assert [e.event_type for e in events] == ["publication.due", "publication.due"]
    for p in claimed:
        stored = await load(uow_factory, p)
        assert (stored.status, stored.fence, stored.lease_owner) == (S.CLAIMED, 1, "w1")
        assert stored.lease_expires_at == now + LEASE
    async with uow_factory() as uow:
        rest = await uow.publications.claim_due(now, limit=10, owner="w2", lease=LEASE)
        assert [p.id for p in rest] == [due[0].id]
        await uow.commit()


async def test_a_claim_rolled_back_leaves_the_rows_due(uow_factory: UowFactory) -> None:
    p = publication(due_in=timedelta(minutes=1))
    await add(uow_factory, p)
    now = NOW + timedelta(minutes=2)
    async with uow_factory() as uow:
        assert len(await uow.publications.claim_due(now, limit=5, owner="w", lease=LEASE)) == 1
    async with uow_factory() as uow:
        again = await uow.publications.claim_due(now, limit=5, owner="w", lease=LEASE)
        assert [x.id for x in again] == [p.id]
        assert again[0].fence == 1


async def test_concurrent_claims_never_share_a_row(uow_factory: UowFactory, backend: str) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite has one writer: the embedded scheduler runs in one process")
    items = [publication(due_in=timedelta(minutes=1)) for _ in range(12)]
    await add(uow_factory, *items)
    now = NOW + timedelta(minutes=2)
    first_in, release = asyncio.Event(), asyncio.Event()

    async def claimer(owner: str, *, hold: bool) -> list[UUID]:
        async with uow_factory() as uow:
            got = await uow.publications.claim_due(now, limit=8, owner=owner, lease=LEASE)
            if hold:
                first_in.set()
                await release.wait()
            await uow.commit()
        return [p.id for p in got]

    holder = asyncio.create_task(claimer("w1", hold=True))
    await first_in.wait()
    second = await claimer("w2", hold=False)  # does not wait for the first's locks
    release.set()
    first = await holder
    assert len(first) == 8
    assert len(second) == 4
    assert not set(first) & set(second)


async def test_expired_leases_are_found_and_returned(uow_factory: UowFactory) -> None:
    p = publication(due_in=timedelta(minutes=1))
    q = publication(due_in=timedelta(minutes=1))
    await add(uow_factory, p, q)
    now = NOW + timedelta(minutes=2)
    async with uow_factory() as uow:
        claimed = await uow.publications.claim_due(now, limit=5, owner="w", lease=LEASE)
        first = next(x for x in claimed if x.id == p.id)
        first.begin_attempt(first.fence, now=now)
        await uow.publications.save(first)
        await uow.commit()
    async with uow_factory() as uow:
        assert (
            await uow.publications.expired_leases(now + LEASE - timedelta(seconds=1), limit=5) == []
        )
        expired = await uow.publications.expired_leases(now + LEASE, limit=5)
        assert {x.id for x in expired} == {p.id, q.id}
        for x in expired:
            x.expire_lease(now=now + LEASE)
            await uow.publications.save(x)
        await uow.commit()
    assert (await load(uow_factory, p)).status is S.OUTCOME_UNKNOWN
    assert (await load(uow_factory, q)).status is S.SCHEDULED
    async with uow_factory() as uow:
        reclaimed = await uow.publications.claim_due(now + LEASE, limit=5, owner="w", lease=LEASE)
        assert {x.id: x.needs_reconciliation for x in reclaimed} == {p.id: True, q.id: False}
        await uow.commit()


async def test_in_flight_counts_the_live_claims_of_every_tenant(uow_factory: UowFactory) -> None:
    claimed, publishing, waiting = (publication(due_in=timedelta(minutes=1)) for _ in range(3))
    later = publication(due_in=timedelta(hours=1))
    await add(uow_factory, claimed, publishing, waiting, later)
    now = NOW + timedelta(minutes=2)
    async with uow_factory() as uow:
        assert await uow.publications.count_in_flight(now) == 0
        taken = await uow.publications.claim_due(now, limit=2, owner="w", lease=LEASE)
        first = taken[0]
        first.begin_attempt(first.fence, now=now)
        await uow.publications.save(first)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.publications.count_in_flight(now) == 2  # claimed and publishing
        assert await uow.publications.count_in_flight(now + LEASE) == 0  # their leases ran out


async def test_accounts_due_lists_each_account_once_with_its_first_due_time(
    uow_factory: UowFactory,
) -> None:
    account, organization = uuid4(), uuid4()
    same = [
        publication(
            due_in=timedelta(hours=h), channel_account_id=account, organization_id=organization
        )
        for h in (5, 2)
    ]
    other = publication(due_in=timedelta(hours=3))
    outside = publication(due_in=timedelta(hours=30))
    cancelled = publication(due_in=timedelta(hours=1))
    cancelled.cancel(now=NOW)
    await add(uow_factory, *same, other, outside, cancelled)
    async with uow_factory() as uow:
        due = await uow.publications.accounts_due(NOW, NOW + timedelta(hours=24), limit=10)
        first = await uow.publications.accounts_due(NOW, NOW + timedelta(hours=24), limit=1)
    assert [(d.channel_account_id, d.first_due_at) for d in due] == [
        (account, NOW + timedelta(hours=2)),
        (other.channel_account_id, NOW + timedelta(hours=3)),
    ]
    assert due[0].organization_id == same[1].organization_id
    assert [d.channel_account_id for d in first] == [account]
