"""In-memory publications: the calendar's reads and the scheduler's claims.

The ids a unit of work has claimed (or holds as expired) sit in ``store.publication_holds``
until its transaction ends: the in-memory counterpart of PostgreSQL's row locks, so two
concurrent ``claim_due`` skip each other's rows as ``FOR UPDATE SKIP LOCKED`` does.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from uuid import UUID

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import PublicationAlreadyExists
from umt.domain.publishing.publication_status import ACTIVE, CLAIMABLE, LEASED, PublicationStatus
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import ChannelAccountId, ContentId, OrganizationId, PublicationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.pagination import Page, PageRequest, paginate
from umt.ports.publication_repository import (
    PUBLICATION_SORTS,
    AccountDue,
    AccountSlot,
    CommentDue,
    HandOver,
    PublicationFilter,
    PublicationRepository,
    StatusCount,
    hand_over_each,
)


class InMemoryPublicationRepository(InMemoryRepository, PublicationRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        # the version each publication had when this transaction loaded it (None: it added it)
        self._loaded: dict[UUID, int | None] = {}

    async def get(
        self, organization_id: OrganizationId, publication_id: PublicationId
    ) -> Publication | None:
        stored = self._store.publications.get(publication_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return self._hand_out(stored)

    async def add(self, publication: Publication) -> None:
        check = self._unique_check(publication)
        snapshot = detached(publication)
        self._tx.stage(
            lambda: self._store.publications.__setitem__(publication.id, snapshot), check
        )
        self._loaded[publication.id] = None
        self._tracker.track(publication)

    async def save(self, publication: Publication) -> None:
        # checked against the version this transaction loaded (a second save in the same
        # transaction too: the store changes only at commit); one it added has nothing to check
        loaded = self._loaded.get(publication.id, publication.version)
        check = (
            None
            if loaded is None
            else version_check(self._store.publications, publication.id, loaded, "publication")
        )
        snapshot = detached(publication)
        self._tx.stage(
            lambda: self._store.publications.__setitem__(publication.id, snapshot), check
        )
        self._tracker.track(publication)

    async def list(
        self, organization_id: OrganizationId, filters: PublicationFilter, page: PageRequest
    ) -> Page[Publication]:
        if page.sort not in PUBLICATION_SORTS:
            raise InvalidValue(
                f"cannot sort by {page.sort!r}; use one of {sorted(PUBLICATION_SORTS)}",
                field="sort",
            )
        matching = [
            p for p in self._store.publications.values() if _matches(p, organization_id, filters)
        ]
        result = paginate(
            matching, page, sort_value=lambda p: getattr(p, page.sort), item_id=lambda p: p.id
        )
        return Page(items=[self._hand_out(p) for p in result.items], next_cursor=result.next_cursor)

    async def status_counts(
        self,
        organization_id: OrganizationId,
        content_id: ContentId,
        *,
        excluding: frozenset[PublicationId] = frozenset(),
    ) -> Sequence[StatusCount]:
        counts: dict[PublicationStatus, tuple[int, datetime]] = {}
        for p in self._store.publications.values():
            if p.organization_id != organization_id or p.content_id != content_id:
                continue
            if p.id in excluding:
                continue
            count, first = counts.get(p.status, (0, p.due_at))
            counts[p.status] = (count + 1, min(first, p.due_at))
        return [
            StatusCount(status, count, first)
            for status, (count, first) in sorted(counts.items(), key=lambda item: item[0].value)
        ]

    async def account_slots(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        start: datetime,
        end: datetime,
    ) -> Sequence[AccountSlot]:
        window = self._window(organization_id, channel_account_id, start, end, ACTIVE)
        return [
            AccountSlot(publication_id=p.id, due_at=p.due_at, status=p.status)
            for p in sorted(window, key=lambda p: (p.due_at, str(p.id)))
        ]

    async def count_for_account(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        start: datetime,
        end: datetime,
        statuses: frozenset[PublicationStatus] | None = None,
    ) -> int:
        return len(
            self._window(organization_id, channel_account_id, start, end, statuses or ACTIVE)
        )

    async def claim_due(
        self, now: datetime, *, limit: int, owner: str, lease: timedelta
    ) -> Sequence[Publication]:
        due = self._lock(
            lambda p: p.status in CLAIMABLE and p.next_attempt_at <= now,
            key=lambda p: (p.next_attempt_at, str(p.id)),
            limit=limit,
        )
        for publication in due:
            publication.claim(owner, until=now + lease, now=now)
            await self.save(publication)
        return due

    async def claim_and_hand_over(
        self, now: datetime, *, limit: int, owner: str, lease: timedelta
    ) -> HandOver:
        return await hand_over_each(self, now, limit=limit, owner=owner, lease=lease)

    async def accounts_due(
        self, start: datetime, end: datetime, *, limit: int
    ) -> Sequence[AccountDue]:
        first: dict[tuple[UUID, UUID], datetime] = {}
        for p in self._store.publications.values():
            if p.status is PublicationStatus.SCHEDULED and start <= p.due_at < end:
                key = (p.organization_id, p.channel_account_id)
                first[key] = min(first.get(key, p.due_at), p.due_at)
        ordered = sorted(first.items(), key=lambda item: (item[1], str(item[0][1])))
        return [
            AccountDue(OrganizationId(org), ChannelAccountId(account), due)
            for (org, account), due in ordered[:limit]
        ]

    async def comments_due(self, now: datetime, *, limit: int) -> Sequence[CommentDue]:
        due = [
            CommentDue(p.organization_id, p.id, p.comment_delivery.next_attempt_at)
            for p in self._store.publications.values()
            if p.comment_delivery is not None
            and p.comment_delivery.next_attempt_at is not None
            and p.first_comment_due(now)
        ]
        return sorted(due, key=lambda d: (d.due_at, str(d.publication_id)))[:limit]

    async def count_in_flight(self, now: datetime) -> int:
        return sum(
            1
            for p in self._store.publications.values()
            if p.status in LEASED and p.lease_expires_at is not None and p.lease_expires_at > now
        )

    async def expired_leases(self, now: datetime, *, limit: int) -> Sequence[Publication]:
        return self._lock(
            lambda p: (
                p.status in LEASED and p.lease_expires_at is not None and p.lease_expires_at <= now
            ),
            key=lambda p: (p.lease_expires_at, str(p.id)),
            limit=limit,
        )

    # ------------------------------------------------------------------ internals

    def _lock(
        self,
        wanted: Callable[[Publication], bool],
        *,
        key: Callable[[Publication], tuple[object, str]],
        limit: int,
    ) -> builtins.list[Publication]:
        held = self._store.publication_holds
        free = [p for p in self._store.publications.values() if p.id not in held and wanted(p)]
        chosen = sorted(free, key=key)[:limit]
        ids = {p.id for p in chosen}
        held.update(ids)
        self._tx.hold(lambda: held.difference_update(ids))
        return [self._hand_out(p) for p in chosen]

    def _hand_out(self, stored: Publication) -> Publication:
        self._loaded[stored.id] = stored.version
        return self._tracker.track(detached(stored))

    def _window(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        start: datetime,
        end: datetime,
        statuses: frozenset[PublicationStatus],
    ) -> builtins.list[Publication]:
        return [
            p
            for p in self._store.publications.values()
            if p.organization_id == organization_id
            and p.channel_account_id == channel_account_id
            and start <= p.due_at < end
            and p.status in statuses
        ]

    def _unique_check(self, publication: Publication) -> Callable[[], None]:
        """The SQL unique constraint: one publication per (schedule, account, due time)."""

        def check() -> None:
            if publication.schedule_id is None:
                return
            for other in self._store.publications.values():
                if (other.schedule_id, other.channel_account_id, other.due_at) == (
                    publication.schedule_id,
                    publication.channel_account_id,
                    publication.due_at,
                ) and other.id != publication.id:
                    raise PublicationAlreadyExists(
                        "the schedule already has a publication for this account at this time"
                    )

        return check


def _matches(p: Publication, organization_id: OrganizationId, f: PublicationFilter) -> bool:
    return (
        p.organization_id == organization_id
        and (f.brand_id is None or p.brand_id == f.brand_id)
        and (f.brand_ids is None or p.brand_id in f.brand_ids)
        and (f.channel is None or p.channel == f.channel)
        and (f.statuses is None or p.status in f.statuses)
        and (f.project_id is None or p.project_id == f.project_id)
        and (f.channel_account_id is None or p.channel_account_id == f.channel_account_id)
        and (f.content_id is None or p.content_id == f.content_id)
        and (f.schedule_id is None or p.schedule_id == f.schedule_id)
        and (f.due_from is None or p.due_at >= f.due_from)
        and (f.due_to is None or p.due_at < f.due_to)
    )
