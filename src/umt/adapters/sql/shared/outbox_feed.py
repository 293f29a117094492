"""The SQL OutboxFeed: claims with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL.

A claim is one transaction and two statements:

1. lock the first ``limit`` unpublished rows in position order that no other transaction
   holds (``FOR UPDATE SKIP LOCKED``: other relay instances take the next rows, never these);
2. read, without locking, the positions of every unpublished row of the claimed aggregates up
   to the last claimed position. This plain SELECT sees the rows other instances hold locked,
   so an aggregate is kept only up to the first pending row of it that this claim does not
   hold. SKIP LOCKED alone would let instance B publish row 2 of an aggregate while instance A
   still holds its row 1.

The second statement takes a fresh snapshot (READ COMMITTED), so a row another instance
published and committed in between no longer blocks its aggregate. It scans the partial index
``ix_outbox_unpublished`` between the first pending row and the last claimed one: the claimed
rows and whatever other instances hold, so no further index is needed.

On PostgreSQL the engine runs in AUTOCOMMIT and, as in the unit of work, the transaction is
begun and ended on the asyncpg connection (pg_transaction.py); the claim and the update are
sent as asyncpg prepared statements. SQLite has no SKIP LOCKED and one writer at a time: a
claim takes the write lock first (a no-op UPDATE), so claims simply queue behind each other
(busy_timeout) and the first ``limit`` pending rows are always a valid claim.

Rows of one aggregate are assumed to get their positions in commit order, which holds because
writers of one aggregate serialize on its row (optimistic version check under a row lock)
before they append to the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import bindparam, func, select, text, update

from umt.adapters.sql.asyncio_package import AsyncConnection, AsyncEngine
from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.shared.tables import outbox
from umt.ports.outbox import OutboxMessage
from umt.ports.outbox_feed import OutboxClaim, OutboxFeed, OutboxLag

_log = logging.getLogger(__name__)

_COLUMNS = (
    "id",
    "position",
    "event_type",
    "aggregate_type",
    "aggregate_id",
    "organization_id",
    "occurred_at",
)
_PG_CLAIM = (
    f"SELECT {', '.join(_COLUMNS)}, payload::text AS payload FROM outbox"  # noqa: S608  # constant columns
    " WHERE published_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED"
)
_PG_PENDING = (
    "SELECT aggregate_id, position FROM outbox WHERE published_at IS NULL"
    " AND position <= $2 AND aggregate_id = ANY($1::uuid[]) ORDER BY position"
)
_PG_MARK = "UPDATE outbox SET published_at = $1 WHERE id = ANY($2::uuid[])"

_SA_CLAIM = (
    select(*(outbox.c[name] for name in _COLUMNS), outbox.c.payload)
    .where(outbox.c.published_at.is_(None))
    .order_by(outbox.c.position)
    .limit(bindparam("limit"))
)
_SA_PENDING = (
    select(outbox.c.aggregate_id, outbox.c.position)
    .where(
        outbox.c.published_at.is_(None),
        outbox.c.position <= bindparam("last"),
        outbox.c.aggregate_id.in_(bindparam("aggregates", expanding=True)),
    )
    .order_by(outbox.c.position)
)
_SA_MARK = (
    update(outbox)
    .where(outbox.c.id.in_(bindparam("ids", expanding=True)))
    .values(published_at=bindparam("at"))
)
_SA_LAG = select(func.count(), func.min(outbox.c.occurred_at)).where(
    outbox.c.published_at.is_(None)
)
# Takes SQLite's write lock at the start of the claim, so claims queue rather than overlap.
_SQLITE_WRITE_LOCK = text("UPDATE outbox SET published_at = published_at WHERE 0")


def publishable(
    claimed: Sequence[tuple[int, UUID]], pending: Iterable[tuple[int, UUID]]
) -> set[int]:
    """Positions of ``claimed`` (position, aggregate) that may be published now.

    ``pending`` lists every unpublished (position, aggregate) of the claimed aggregates, up to
    the last claimed position, whoever holds them. For each aggregate the claimed rows count
    only while they match its pending rows from the first one on; the first pending row this
    claim does not hold stops the aggregate.
    """
    mine = {position for position, _ in claimed}
    stopped: set[UUID] = set()
    allowed: set[int] = set()
    for position, aggregate in sorted(pending):
        if aggregate in stopped:
            continue
        if position in mine:
            allowed.add(position)
        else:
            stopped.add(aggregate)
    return allowed


def _message(row: Any, payload: Any) -> OutboxMessage:
    return OutboxMessage(
        id=row["id"],
        event_type=row["event_type"],
        aggregate_type=row["aggregate_type"],
        aggregate_id=row["aggregate_id"],
        organization_id=row["organization_id"],
        occurred_at=row["occurred_at"],
        payload=payload,
    )


class _PgClaim(OutboxClaim):
    def __init__(self, pg: PgTransaction, messages: list[OutboxMessage]) -> None:
        self._pg = pg
        self._messages = messages

    @property
    def messages(self) -> Sequence[OutboxMessage]:
        return self._messages

    async def mark_sent(self, ids: Sequence[UUID], at: datetime) -> None:
        if self._pg.finished:
            raise RuntimeError("this claim has ended; mark_sent runs at most once")
        async with translate_errors("marking outbox rows sent"):
            if ids:
                await self._pg.driver.execute(_PG_MARK, at, list(ids))
            await self._pg.commit()


class _SaClaim(OutboxClaim):
    def __init__(self, connection: AsyncConnection, messages: list[OutboxMessage]) -> None:
        self._connection = connection
        self._messages = messages
        self.finished = False

    @property
    def messages(self) -> Sequence[OutboxMessage]:
        return self._messages

    async def mark_sent(self, ids: Sequence[UUID], at: datetime) -> None:
        if self.finished:
            raise RuntimeError("this claim has ended; mark_sent runs at most once")
        async with translate_errors("marking outbox rows sent"):
            if ids:
                await self._connection.execute(_SA_MARK, {"ids": list(ids), "at": at})
            await self._connection.commit()
        self.finished = True


class SqlOutboxFeed(OutboxFeed):
    """Claims outbox rows for the relay; see the module docstring for the protocol."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._postgres = engine.url.get_backend_name() == "postgresql"

    @asynccontextmanager
    async def claim(self, limit: int) -> AsyncIterator[OutboxClaim]:
        if self._postgres:
            async with self._pg_claim(limit) as claim:
                yield claim
        else:
            async with self._sa_claim(limit) as sa_claim:
                yield sa_claim

    @asynccontextmanager
    async def _pg_claim(self, limit: int) -> AsyncIterator[OutboxClaim]:
        async with translate_errors("claiming outbox rows"):
            connection = await self._engine.connect()
            try:
                connection, pg = await PgTransaction.begin(connection)
            except BaseException:
                await connection.close()
                raise
        failed = False
        try:
            async with translate_errors("claiming outbox rows"):
                rows = await pg.driver.fetch(_PG_CLAIM, limit)
                claimed = [(row["position"], row["aggregate_id"]) for row in rows]
                pending: list[Any] = []
                if rows:
                    aggregates = list({aggregate for _, aggregate in claimed})
                    pending = await pg.driver.fetch(_PG_PENDING, aggregates, claimed[-1][0])
            allowed = publishable(claimed, ((r["position"], r["aggregate_id"]) for r in pending))
            messages = [
                _message(row, msgspec.json.decode(row["payload"]))
                for row in rows
                if row["position"] in allowed
            ]
            yield _PgClaim(pg, messages)
        except BaseException:
            failed = True
            raise
        finally:
            await self._end_pg(connection, pg, failed=failed)

    async def _end_pg(
        self, connection: AsyncConnection, pg: PgTransaction, *, failed: bool
    ) -> None:
        try:
            async with translate_errors("releasing outbox rows"):
                await pg.rollback()  # a no-op after mark_sent committed
        except Exception:
            if not failed:
                raise
            _log.warning("rollback of an outbox claim failed", exc_info=True)
        finally:
            if not pg.finished:
                # the transaction may still be open on the server: never reuse the connection
                await connection.invalidate()
            await connection.close()

    @asynccontextmanager
    async def _sa_claim(self, limit: int) -> AsyncIterator[OutboxClaim]:
        async with translate_errors("claiming outbox rows"):
            connection = await self._engine.connect()
        try:
            async with translate_errors("claiming outbox rows"):
                await connection.begin()
                await connection.execute(_SQLITE_WRITE_LOCK)
                rows = list((await connection.execute(_SA_CLAIM, {"limit": limit})).mappings())
                claimed = [(row["position"], row["aggregate_id"]) for row in rows]
                pending: list[Any] = []
                if rows:
                    parameters = {
                        "aggregates": list({aggregate for _, aggregate in claimed}),
                        "last": claimed[-1][0],
                    }
                    pending = list((await connection.execute(_SA_PENDING, parameters)).all())
            allowed = publishable(claimed, ((r.position, r.aggregate_id) for r in pending))
            messages = [_message(row, row["payload"]) for row in rows if row["position"] in allowed]
            yield _SaClaim(connection, messages)
        finally:
            try:
                async with translate_errors("releasing outbox rows"):
                    await connection.rollback()
            finally:
                await connection.close()

    async def lag(self) -> OutboxLag:
        async with translate_errors("reading the outbox lag"), self._engine.connect() as connection:
            # counts the partial index ix_outbox_unpublished: as cheap as the backlog is short
            count, oldest = (await connection.execute(_SA_LAG)).one()
        return OutboxLag(pending=count, oldest_occurred_at=oldest)
