"""PostgreSQL: the transaction and the hottest inserts run on the asyncpg connection itself.

SQLAlchemy's per-statement machinery (compilation lookup, greenlet hop, cursor adaptation)
costs more CPU than the round trip it wraps. On PostgreSQL the unit of work therefore puts its
SQLAlchemy connection in AUTOCOMMIT mode (SQLAlchemy then issues no BEGIN/COMMIT of its own)
and demarcates the transaction on the underlying asyncpg connection; every statement, whether
issued through SQLAlchemy or directly, runs inside that one server-side transaction. The two
statements every create pays (the aggregate row and its outbox row) go straight to asyncpg as
prepared statements; everything else keeps using SQLAlchemy Core.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships without type information
import msgspec

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.engine import is_unavailable
from umt.domain.shared.errors import Conflict
from umt.ports.errors import StorageUnavailable

_BRAND_COLUMNS = (
    "id",
    "organization_id",
    "name",
    "slug",
    "industry",
    "description",
    "website",
    "voice",
    "styling",
    "status",
    "version",
    "created_at",
    "updated_at",
    "archived_at",
    "time_zone",
    "blackout_dates",
)
_OUTBOX_COLUMNS = (
    "id",
    "event_type",
    "aggregate_type",
    "aggregate_id",
    "organization_id",
    "occurred_at",
    "payload",
)
_AUDIT_COLUMNS = (
    "id",
    "organization_id",
    "actor_type",
    "actor_id",
    "actor_on_behalf_of",
    "action",
    "resource_type",
    "resource_id",
    "before",
    "after",
    "ip",
    "user_agent",
    "trace_id",
    "request_id",
    "occurred_at",
)
_JSON_COLUMNS = frozenset({"voice", "styling", "payload", "before", "after", "blackout_dates"})


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    # JSON travels as text and is cast by the server, whatever codec the pool registered
    placeholders = ", ".join(
        f"${i}::text::jsonb" if name in _JSON_COLUMNS else f"${i}"
        for i, name in enumerate(columns, start=1)
    )
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608  # constant names


INSERT_BRAND = _insert_sql("brands", _BRAND_COLUMNS)
INSERT_OUTBOX = _insert_sql("outbox", _OUTBOX_COLUMNS)
INSERT_AUDIT = _insert_sql("audit_log", _AUDIT_COLUMNS)


def _outbox_with_audit_sql() -> str:
    """Both rows of a committed event in one statement (one round trip, not two)."""
    outbox_part = _insert_sql("outbox", _OUTBOX_COLUMNS)
    audit_part = _insert_sql("audit_log", _AUDIT_COLUMNS)
    # renumber the audit row's placeholders after the outbox row's
    offset = len(_OUTBOX_COLUMNS)
    audit_part = re.sub(r"\$(\d+)", lambda m: f"${int(m.group(1)) + offset}", audit_part)
    return f"WITH event AS ({outbox_part}) {audit_part}"


INSERT_OUTBOX_WITH_AUDIT = _outbox_with_audit_sql()


def _arguments(columns: tuple[str, ...], row: Mapping[str, Any]) -> list[Any]:
    return [
        msgspec.json.encode(row[name]).decode() if name in _JSON_COLUMNS else row[name]
        for name in columns
    ]


def _raise_outage_if_closed(exc: Exception, driver: Any, action: str) -> None:
    """StorageUnavailable if ``exc`` is an outage. A server shutting down can also surface as
    a protocol-state error (InternalClientError) on the connection it has just closed: the
    closed connection, not the message, says it is an outage."""
    if is_unavailable(exc) or driver.is_closed():
        raise StorageUnavailable(f"{action} failed: the database is unavailable") from exc


class PgTransaction:
    """One asyncpg transaction under a SQLAlchemy connection in AUTOCOMMIT mode."""

    def __init__(self, driver: Any, transaction: Any) -> None:
        self.driver = driver
        self._transaction = transaction
        self._finished = False

    @classmethod
    async def begin(cls, connection: AsyncConnection) -> tuple[AsyncConnection, PgTransaction]:
        # the engine runs PostgreSQL connections in AUTOCOMMIT (engine.py)
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        transaction = driver.transaction()
        try:
            await transaction.start()
        except Exception as exc:
            _raise_outage_if_closed(exc, driver, "beginning a transaction")
            raise
        return connection, cls(driver, transaction)

    @property
    def finished(self) -> bool:
        """Committed or rolled back: the server holds no transaction for this connection."""
        return self._finished

    async def commit(self) -> None:
        try:
            await self._transaction.commit()
        except Exception as exc:
            _raise_outage_if_closed(exc, self.driver, "committing")
            raise
        # Only now: after a failed or interrupted COMMIT the unit of work discards the
        # connection rather than trust its state.
        self._finished = True

    async def rollback(self) -> None:
        """Roll back, unless already committed or rolled back (asyncpg refuses a second)."""
        if not self._finished:
            try:
                await self._transaction.rollback()
            except Exception as exc:
                _raise_outage_if_closed(exc, self.driver, "rolling back")
                raise
            self._finished = True  # only once the server has rolled back

    async def insert(
        self,
        sql: str,
        columns: tuple[str, ...],
        row: Mapping[str, Any],
        on_unique: Mapping[str, Exception] | None = None,
    ) -> None:
        try:
            await self.driver.execute(sql, *_arguments(columns, row))
        except asyncpg.UniqueViolationError as exc:
            error = (on_unique or {}).get(exc.constraint_name or "")
            if error is not None:
                raise error from exc
            raise Conflict(f"the record already exists ({exc.constraint_name})") from exc
        except Exception as exc:
            # inline rather than translate_errors(): this runs twice on every create. A server
            # shutting down can also surface as a protocol-state error on a connection it has
            # just closed: the closed connection, not the message, says it is an outage.
            _raise_outage_if_closed(exc, self.driver, "writing")
            raise

    async def insert_brand(
        self, row: Mapping[str, Any], on_unique: Mapping[str, Exception]
    ) -> None:
        await self.insert(INSERT_BRAND, _BRAND_COLUMNS, row, on_unique)

    async def insert_outbox(self, row: Mapping[str, Any]) -> None:
        await self.insert(INSERT_OUTBOX, _OUTBOX_COLUMNS, row)

    async def insert_audit(self, row: Mapping[str, Any]) -> None:
        """An audit entry: written with every committed event, so it takes the fast path."""
        await self.insert(INSERT_AUDIT, _AUDIT_COLUMNS, row)

    async def insert_outbox_with_audit(
        self, outbox_row: Mapping[str, Any], audit_row: Mapping[str, Any]
    ) -> None:
        """An event's outbox row and its audit entry, in one round trip."""
        try:
            await self.driver.execute(
                INSERT_OUTBOX_WITH_AUDIT,
                *_arguments(_OUTBOX_COLUMNS, outbox_row),
                *_arguments(_AUDIT_COLUMNS, audit_row),
            )
        except Exception as exc:
            _raise_outage_if_closed(exc, self.driver, "writing")
            raise

    async def insert_outboxes_with_audits(
        self, rows: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]
    ) -> None:
        """Several events' outbox rows and audit entries, pipelined in one round trip
        (``executemany``): a commit carrying a batch of events (a scheduler's claims) pays
        one wait for the server, not one per event."""
        if not rows:
            return
        try:
            await self.driver.executemany(
                INSERT_OUTBOX_WITH_AUDIT,
                [
                    (*_arguments(_OUTBOX_COLUMNS, outbox), *_arguments(_AUDIT_COLUMNS, audit))
                    for outbox, audit in rows
                ],
            )
        except Exception as exc:
            _raise_outage_if_closed(exc, self.driver, "writing")
            raise

    async def insert_outboxes(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Outbox rows of events the audit policy keeps no entry for, pipelined likewise."""
        if not rows:
            return
        try:
            await self.driver.executemany(
                INSERT_OUTBOX, [_arguments(_OUTBOX_COLUMNS, row) for row in rows]
            )
        except Exception as exc:
            _raise_outage_if_closed(exc, self.driver, "writing")
            raise
