"""Contract of PublicationRepository for first comments, run against memory, SQLite and
PostgreSQL: the comment's delivery round-trips with the aggregate through each of its states,
and ``comments_due`` lists, across tenants, the pending ones due and the posting ones past
their deadline, earliest first, never the settled ones."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.contracts.conftest import UowFactory
from tests.unit.domain.publishing.publication_builders import NOW, publication

from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.first_comment import CommentStatus
from umt.domain.publishing.publication import Publication

LEASE = timedelta(minutes=5)
C = CommentStatus


def published(*, at: datetime, comment: str | None = "#spring") -> Publication:
    """A publication published at ``at`` (its first comment due then, if it has one)."""
    p = publication(now=at - timedelta(hours=2), due_in=timedelta(hours=1), first_comment=comment)
    fence = p.claim("t", until=at + LEASE, now=at)
    p.begin_attempt(fence, now=at)
    p.record_success(fence, remote_id=f"post-{p.id.hex[:8]}", now=at)
    p.events.clear()
    return p


async def store(factory: UowFactory, *items: Publication) -> None:
    async with factory() as uow:
        for item in items:
            await uow.publications.add(item)
        await uow.commit()


async def reload(factory: UowFactory, p: Publication) -> Publication:
    async with factory() as uow:
        found = await uow.publications.get(p.organization_id, p.id)
    assert found is not None
    return found


async def change(factory: UowFactory, p: Publication, step: str, **kw: object) -> Publication:
    async with factory() as uow:
        found = await uow.publications.get(p.organization_id, p.id)
        assert found is not None
        getattr(found, step)(**kw)
        await uow.publications.save(found)
        await uow.commit()
    return found


async def test_the_comment_delivery_round_trips_through_each_state(
    uow_factory: UowFactory,
) -> None:
    p = published(at=NOW)
    assert p.comment_delivery is not None
    await store(uow_factory, p)
    assert (await reload(uow_factory, p)).comment_delivery == p.comment_delivery

    begun = await change(uow_factory, p, "begin_first_comment", now=NOW, deadline=NOW + LEASE)
    assert (await reload(uow_factory, p)) == begun
    refused = await change(
        uow_factory,
        p,
        "first_comment_refused",
        reason=FailureReason.RATE_LIMITED,
        now=NOW,
        detail="slow down",
        retry_at=NOW + timedelta(seconds=90),
    )
    stored = await reload(uow_factory, p)
    assert stored == refused
    assert stored.comment_delivery is not None
    assert stored.comment_delivery.status is C.PENDING
    assert stored.comment_delivery.reason is FailureReason.RATE_LIMITED
    assert stored.comment_delivery.attempts == 1

    later = NOW + timedelta(seconds=90)
    await change(uow_factory, p, "begin_first_comment", now=later, deadline=later + LEASE)
    posted = await change(uow_factory, p, "first_comment_posted", comment_id="c-1", now=later)
    stored = await reload(uow_factory, p)
    assert stored == posted
    assert stored.comment_delivery is not None
    assert (stored.comment_delivery.status, stored.comment_delivery.comment_id) == (
        C.POSTED,
        "c-1",
    )


async def test_comments_due_lists_what_is_due_across_tenants_earliest_first(
    uow_factory: UowFactory,
) -> None:
    later = published(at=NOW + timedelta(minutes=2))
    earlier = published(at=NOW)  # another tenant (every builder's org is its own)
    not_yet = published(at=NOW + timedelta(hours=1))
    no_comment = published(at=NOW, comment=None)
    settled = published(at=NOW)
    await store(uow_factory, later, earlier, not_yet, no_comment, settled)
    await change(uow_factory, settled, "begin_first_comment", now=NOW, deadline=NOW + LEASE)
    await change(uow_factory, settled, "first_comment_posted", comment_id="c-9", now=NOW)
    at = NOW + timedelta(minutes=3)

    async with uow_factory() as uow:
        due = await uow.publications.comments_due(at, limit=10)
        first = await uow.publications.comments_due(at, limit=1)

    assert [d.publication_id for d in due] == [earlier.id, later.id]
    assert [(d.organization_id, d.due_at) for d in due] == [
        (earlier.organization_id, NOW),
        (later.organization_id, NOW + timedelta(minutes=2)),
    ]
    assert [d.publication_id for d in first] == [earlier.id]


async def test_a_comment_being_posted_is_due_again_only_past_its_deadline(
    uow_factory: UowFactory,
) -> None:
    p = published(at=NOW)
    await store(uow_factory, p)
    await change(uow_factory, p, "begin_first_comment", now=NOW, deadline=NOW + LEASE)

    async with uow_factory() as uow:
        during = await uow.publications.comments_due(NOW + LEASE - timedelta(seconds=1), limit=5)
        after = await uow.publications.comments_due(NOW + LEASE, limit=5)

    assert during == []
    assert [d.publication_id for d in after] == [p.id]
