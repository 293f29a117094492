"""The SQL publication repository: the calendar's reads and writes, and the scheduler's claims.

A publication and its attempts are one aggregate in two tables: a save updates the row under
the version loaded in this unit of work and writes the attempts that are new or changed since.
``claim_due`` and ``expired_leases`` lock the rows they hand out (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite has one writer and ignores the clause) and the claim's updates go out as one
batch. ``claim_and_hand_over`` is one statement on PostgreSQL (``hand_over.py``) and the port's
reference, through the aggregate, on SQLite.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Select, bindparam, exists, func, insert, select, text, update

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_datetime
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.publishing import hand_over
from umt.adapters.sql.publishing.filters import account_window, filtered
from umt.adapters.sql.publishing.mapping import (
    IMMUTABLE,
    attempt_from_row,
    attempt_to_row,
    publication_from_row,
    publication_to_row,
)
from umt.adapters.sql.publishing.tables import publication_attempts, publications
from umt.domain.publishing.attempts import PublicationAttempt
from umt.domain.publishing.first_comment import OPEN as OPEN_COMMENTS
from umt.domain.publishing.first_comment import CommentStatus
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import PublicationAlreadyExists, PublicationInvalid
from umt.domain.publishing.publication_status import ACTIVE, CLAIMABLE, LEASED, PublicationStatus
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import ChannelAccountId, ContentId, OrganizationId, PublicationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.id_generator import IdGenerator
from umt.ports.pagination import Page, PageRequest
from umt.ports.publication_repository import (
    AccountDue,
    AccountSlot,
    CommentDue,
    HandOver,
    PublicationFilter,
    PublicationRepository,
    StatusCount,
    hand_over_each,
)

SORT_KEYS = {
    "due_at": SortKey(publications.c.due_at, parse_datetime),
    "created_at": SortKey(publications.c.created_at, parse_datetime),
    "updated_at": SortKey(publications.c.updated_at, parse_datetime),
}
_ON_UNIQUE = {
    "uq_publications_schedule_id_channel_account_id_due_at": lambda: PublicationAlreadyExists(
        "the schedule already has a publication for this account at this time"
    )
}
_CLAIM_FIELDS = ("status", "fence", "lease_owner", "lease_expires_at", "version", "updated_at")
# PostgreSQL: a claim's rows in ONE statement (arrays unnested), not one UPDATE per row; each
# row still carries the values the aggregate computed and the version it was loaded with.
_CLAIM_TYPES = {
    "status": "text",
    "fence": "int",
    "lease_owner": "text",
    "lease_expires_at": "timestamptz",
    "version": "int",
    "updated_at": "timestamptz",
}
_PG_CLAIM = text(
    "UPDATE publications AS p SET "  # noqa: S608 - the constant column names above, no input
    + ", ".join(f"{name} = v.{name}" for name in _CLAIM_FIELDS)
    + " FROM unnest(CAST(:_id AS uuid[]), CAST(:_loaded AS int[]), "
    + ", ".join(f"CAST(:{name} AS {_CLAIM_TYPES[name]}[])" for name in _CLAIM_FIELDS)
    + ") AS v(_id, _loaded, "
    + ", ".join(_CLAIM_FIELDS)
    + ") WHERE p.id = v._id AND p.version = v._loaded"
)
# Whether a publication has attempts, read with the row: most loads (a claim of due
# publications, a calendar page) have none, and skip the attempts query.
_HAS_ATTEMPTS = (
    exists().where(publication_attempts.c.publication_id == publications.c.id).label("has_attempts")
)


def _values(statuses: frozenset[PublicationStatus] | frozenset[CommentStatus]) -> list[str]:
    return sorted(s.value for s in statuses)


class SqlPublicationRepository(SqlRepository, PublicationRepository):
    def __init__(
        self,
        connection: AsyncConnection,
        pg: PgTransaction | None,
        tracker: AggregateTracker,
        ids: IdGenerator,
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._ids = ids  # the unit of work's: the outbox rows a hand-over writes itself
        # per loaded publication: the version it had and its attempts as loaded
        self._loaded: dict[UUID, tuple[int, tuple[PublicationAttempt, ...]]] = {}

    async def get(
        self, organization_id: OrganizationId, publication_id: PublicationId
    ) -> Publication | None:
        found = await self._load(
            select(publications).where(
                publications.c.id == publication_id,
                publications.c.organization_id == organization_id,
            )
        )
        return found[0] if found else None

    async def add(self, publication: Publication) -> None:
        await self._execute(
            insert(publications), publication_to_row(publication), on_unique=_ON_UNIQUE
        )
        if publication.attempts:
            await self._execute(
                insert(publication_attempts),
                [attempt_to_row(publication, a) for a in publication.attempts],
            )
        self._track(publication)

    async def save(self, publication: Publication) -> None:
        loaded_version, loaded_attempts = self._loaded.get(publication.id, (None, ()))
        condition = (publications.c.id == publication.id) & (
            publications.c.organization_id == publication.organization_id
        )
        if loaded_version is not None:
            condition &= publications.c.version == loaded_version
        row = {k: v for k, v in publication_to_row(publication).items() if k not in IMMUTABLE}
        result = await self._execute(
            update(publications).where(condition).values(row), on_unique=_ON_UNIQUE
        )
        if result.rowcount == 0:
            raise StaleVersion(f"publication {publication.id} was changed meanwhile; reload it")
        await self._write_attempts(publication, loaded_attempts)
        self._track(publication)

    async def list(
        self, organization_id: OrganizationId, filters: PublicationFilter, page: PageRequest
    ) -> Page[Publication]:
        query = filtered(select(publications), organization_id, filters)
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=publications.c.id, page=page, dialect=self._dialect
        )
        items = await self._load(query)
        return build_page(
            items, page, sort_value=lambda p: getattr(p, page.sort), item_id=lambda p: p.id
        )

    async def status_counts(
        self,
        organization_id: OrganizationId,
        content_id: ContentId,
        *,
        excluding: frozenset[PublicationId] = frozenset(),
    ) -> Sequence[StatusCount]:
        c = publications.c
        first = func.min(c.due_at, type_=c.due_at.type).label("first_due_at")
        query = (
            select(c.status, func.count().label("n"), first)
            .where(c.organization_id == organization_id, c.content_id == content_id)
            .group_by(c.status)
            .order_by(c.status)
        )
        if excluding:
            query = query.where(c.id.not_in(sorted(excluding)))
        rows = await self._execute(query)
        return [StatusCount(PublicationStatus(r.status), r.n, r.first_due_at) for r in rows]

    async def account_slots(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        start: datetime,
        end: datetime,
    ) -> Sequence[AccountSlot]:
        c = publications.c
        result = await self._execute(
            select(c.id, c.due_at, c.status)
            .where(*account_window(organization_id, channel_account_id, start, end, ACTIVE))
            .order_by(c.due_at, c.id)
        )
        return [
            AccountSlot(publication_id=r.id, due_at=r.due_at, status=PublicationStatus(r.status))
            for r in result
        ]

    async def count_for_account(
        self,
        organization_id: OrganizationId,
        channel_account_id: ChannelAccountId,
        start: datetime,
        end: datetime,
        statuses: frozenset[PublicationStatus] | None = None,
    ) -> int:
        window = account_window(organization_id, channel_account_id, start, end, statuses or ACTIVE)
        result = await self._execute(select(func.count()).select_from(publications).where(*window))
        return int(result.scalar_one())

    async def claim_due(
        self, now: datetime, *, limit: int, owner: str, lease: timedelta
    ) -> Sequence[Publication]:
        c = publications.c
        due = await self._load(
            select(publications)
            .where(c.status.in_(_values(CLAIMABLE)), c.next_attempt_at <= now)
            .order_by(c.next_attempt_at, c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if not due:
            return []
        loaded = {p.id: p.version for p in due}
        for publication in due:
            publication.claim(owner, until=now + lease, now=now)
        rows: builtins.list[Mapping[str, Any]] = [
            {
                "_id": p.id,
                "_loaded": loaded[p.id],
                **{name: getattr(p, name) for name in _CLAIM_FIELDS},
                "status": p.status.value,
            }
            for p in due
        ]
        if self._dialect == "postgresql":
            columns = {name: [row[name] for row in rows] for name in ("_id", "_loaded")}
            columns |= {name: [row[name] for row in rows] for name in _CLAIM_FIELDS}
            result = await self._execute(_PG_CLAIM, columns)
        else:
            result = await self._execute(
                update(publications)
                .where(c.id == bindparam("_id"), c.version == bindparam("_loaded"))
                .values({name: bindparam(name) for name in _CLAIM_FIELDS}),
                rows,
            )
        if result.rowcount not in (-1, len(rows)):
            raise StaleVersion("a due publication was changed while it was being claimed")
        for publication in due:
            self._loaded[publication.id] = (publication.version, publication.attempts)
        return due

    async def claim_and_hand_over(
        self, now: datetime, *, limit: int, owner: str, lease: timedelta
    ) -> HandOver:
        if self._pg is None or limit <= 0:
            return await hand_over_each(self, now, limit=limit, owner=owner, lease=lease)
        until = now + lease
        if until <= now or not owner:  # as Publication.claim refuses it
            raise PublicationInvalid("a claim needs an owner and a lease in the future")
        done = await hand_over.claim_and_hand_over(
            self._pg,
            now=now,
            limit=limit,
            owner=owner[:200],
            until=until,
            event_ids=[self._ids.new_id() for _ in range(limit)],
        )
        if not done.aside:
            return HandOver(handed_over=done.handed_over, earliest_due=done.earliest_due)
        # locked by the statement, left to the aggregate: those with attempts, maybe missed
        c = publications.c
        aside = await self._load(
            select(publications).where(c.id.in_(done.aside)).order_by(c.next_attempt_at, c.id)
        )
        missed = 0
        for publication in aside:
            publication.claim(owner, until=until, now=now)
            if publication.is_missed(now):
                publication.mark_missed(now=now, fence=publication.fence)
                missed += 1
            await self.save(publication)
        return HandOver(
            handed_over=done.handed_over + len(aside) - missed,
            missed=missed,
            earliest_due=done.earliest_due,
        )

    async def accounts_due(
        self, start: datetime, end: datetime, *, limit: int
    ) -> Sequence[AccountDue]:
        c = publications.c
        first = func.min(c.due_at, type_=c.due_at.type).label("first_due_at")
        rows = await self._execute(
            select(c.organization_id, c.channel_account_id, first)
            .where(c.status == PublicationStatus.SCHEDULED.value, c.due_at >= start, c.due_at < end)
            .group_by(c.organization_id, c.channel_account_id)
            .order_by(first, c.channel_account_id)
            .limit(limit)
        )
        return [
            AccountDue(
                OrganizationId(row.organization_id),
                ChannelAccountId(row.channel_account_id),
                row.first_due_at,
            )
            for row in rows
        ]

    async def comments_due(self, now: datetime, *, limit: int) -> Sequence[CommentDue]:
        c = publications.c
        rows = await self._execute(
            select(c.organization_id, c.id, c.comment_next_at)
            .where(c.comment_status.in_(_values(OPEN_COMMENTS)), c.comment_next_at <= now)
            .order_by(c.comment_next_at, c.id)
            .limit(limit)
        )
        return [
            CommentDue(OrganizationId(r.organization_id), PublicationId(r.id), r.comment_next_at)
            for r in rows
        ]

    async def count_in_flight(self, now: datetime) -> int:
        if self._pg is not None:
            return await hand_over.count_in_flight(self._pg, now)
        c = publications.c
        result = await self._execute(
            select(func.count())
            .select_from(publications)
            .where(c.status.in_(_values(LEASED)), c.lease_expires_at > now)
        )
        return int(result.scalar_one())

    async def expired_leases(self, now: datetime, *, limit: int) -> Sequence[Publication]:
        c = publications.c
        return await self._load(
            select(publications)
            .where(c.status.in_(_values(LEASED)), c.lease_expires_at <= now)
            .order_by(c.lease_expires_at, c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

    # ------------------------------------------------------------------ internals

    async def _load(self, query: Select[Any]) -> builtins.list[Publication]:
        rows = list((await self._execute(query.add_columns(_HAS_ATTEMPTS))).mappings())
        if not rows:
            return []
        attempts: dict[UUID, builtins.list[PublicationAttempt]] = {row["id"]: [] for row in rows}
        attempted = [row["id"] for row in rows if row["has_attempts"]]
        if attempted:
            result = await self._execute(
                select(publication_attempts).where(
                    publication_attempts.c.publication_id.in_(attempted)
                )
            )
            for attempt_row in result.mappings():
                attempts[attempt_row["publication_id"]].append(attempt_from_row(attempt_row))
        return [self._track(publication_from_row(row, attempts[row["id"]])) for row in rows]

    async def _write_attempts(
        self, publication: Publication, loaded: tuple[PublicationAttempt, ...]
    ) -> None:
        before = {a.number: a for a in loaded}
        new = [a for a in publication.attempts if a.number not in before]
        changed = [a for a in publication.attempts if a.number in before and before[a.number] != a]
        if new:
            await self._execute(
                insert(publication_attempts), [attempt_to_row(publication, a) for a in new]
            )
        t = publication_attempts.c
        for attempt in changed:
            row = attempt_to_row(publication, attempt)
            await self._execute(
                update(publication_attempts)
                .where(t.publication_id == publication.id, t.number == attempt.number)
                .values({k: v for k, v in row.items() if k not in ("publication_id", "number")})
            )

    def _track(self, publication: Publication) -> Publication:
        self._tracker.track(publication)
        self._loaded[publication.id] = (publication.version, publication.attempts)
        return publication
