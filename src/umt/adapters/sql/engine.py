"""Engine construction for the two supported databases, and connection-error translation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships without type information
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from umt.adapters.sql.asyncio_package import AsyncEngine, create_async_engine
from umt.ports.errors import SchemaMissing, StorageUnavailable

SQLITE_BUSY_TIMEOUT_MS = 5000
# What a missing or old schema tells its reader to do (the CLI, and the library's one call).
MIGRATE_HINT = "run `umt migrate` (or `await umt.migrate(settings)`)"
# PostgreSQL's undefined_table: the query names a table the database does not have.
_UNDEFINED_TABLE_SQLSTATE = "42P01"

# SQLSTATEs that mean "the server is unreachable, overloaded or going away", not "your query
# is wrong": connection exceptions (class 08), shutdowns, too many connections, timeouts.
_UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "57P", "53300", "57014")

_ASYNCPG_CONNECTION_ERRORS = (
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
)


def create_engine(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 10,
    max_overflow: int = 10,
    pool_timeout: float = 10.0,
    connect_timeout: float = 10.0,
    autocommit: bool = True,
) -> AsyncEngine:
    """An AsyncEngine for ``sqlite+aiosqlite://`` or ``postgresql+asyncpg://`` URLs.

    On PostgreSQL the engine runs in AUTOCOMMIT by default, because the unit of work begins and
    ends transactions on the asyncpg connection itself (pg_transaction.py); pass
    ``autocommit=False`` for plain SQLAlchemy transactions (migrations do).
    """
    parsed = make_url(url)
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if backend == "sqlite" and driver == "aiosqlite":
        _ensure_sqlite_directory(parsed.database)
        engine = create_async_engine(parsed, echo=echo)
        event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
        return engine
    if backend == "postgresql" and driver == "asyncpg":
        engine = create_async_engine(
            parsed,
            echo=echo,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            # A dead connection surfaces as an error that translate_errors turns into
            # StorageUnavailable (retryable), which is cheaper than a ping per checkout.
            pool_pre_ping=False,
            pool_recycle=1800,
            # Transactions are begun and ended on the asyncpg connection by the unit of work
            # (see pg_transaction.py); SQLAlchemy issues no BEGIN/COMMIT of its own.
            isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
            # asyncpg's prepared-statement cache stays on (its default). Behind PgBouncer in
            # transaction mode add ?prepared_statement_cache_size=0 to the URL.
            connect_args={
                "timeout": connect_timeout,
                # temp_buffers: the metric samples' bulk load stages batches in a temporary
                # table (analytics/pg_ingest.py); the buffers are taken only as it fills
                "server_settings": {"application_name": "umt", "temp_buffers": "32MB"},
            },
        )
        event.listen(engine.sync_engine, "checkout", _discard_closed_connection)
        return engine
    raise ValueError(
        f"unsupported database URL scheme {parsed.drivername!r};"
        " use sqlite+aiosqlite:// or postgresql+asyncpg://"
    )


def _discard_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection whose socket the server (or the network) closed is replaced at
    checkout instead of failing the unit of work that gets it.

    After a database restart every idle pooled connection is dead; asyncpg already knows (it
    saw the connection drop), so this costs an attribute read, not a ping. Raising
    DisconnectionError makes the pool reconnect that slot and hand out the new connection.
    """
    driver = dbapi_connection.driver_connection
    if driver.is_closed():
        raise sa_exc.DisconnectionError("the pooled connection was closed by the server")
    if driver.is_in_transaction():
        # A transaction begun on the asyncpg connection itself (pg_transaction.py) that an
        # interrupted caller never ended: SQLAlchemy's reset-on-return cannot see it, and
        # every later statement on this connection would run inside it, uncommitted.
        raise sa_exc.DisconnectionError("the pooled connection holds an abandoned transaction")


def _ensure_sqlite_directory(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Runs once per new DBAPI connection, before any transaction starts, which is when SQLite
    # accepts these pragmas. foreign_keys is off by default in SQLite, and the schema relies on
    # ON DELETE CASCADE. WAL lets readers proceed while one writer writes; busy_timeout makes a
    # writer wait for the lock instead of failing at once.
    #
    # We deliberately keep the driver's own transaction handling (BEGIN before the first
    # write): a snapshot opened by an earlier read would make a later write fail with
    # SQLITE_BUSY_SNAPSHOT, while optimistic version checks already catch lost updates.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def is_unavailable(exc: BaseException) -> bool:
    """True if ``exc`` means the database cannot be reached or timed out (worth a retry)."""
    if isinstance(exc, (OSError, sa_exc.TimeoutError, *_ASYNCPG_CONNECTION_ERRORS)):
        return True  # OSError covers ConnectionError and TimeoutError
    if _is_closed_connection(exc):
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
            return True
        if isinstance(exc.orig, (OSError, *_ASYNCPG_CONNECTION_ERRORS)):
            return True
        sqlstate = getattr(exc.orig, "sqlstate", None)
        return isinstance(sqlstate, str) and sqlstate.startswith(_UNAVAILABLE_SQLSTATE_PREFIXES)
    return False


def _is_closed_connection(exc: BaseException) -> bool:
    # asyncpg's InterfaceError also reports misuse (a bug, not an outage); only the message
    # of its "is the connection open?" check means the server went away.
    return isinstance(exc, asyncpg.exceptions.InterfaceError) and "connection is closed" in str(exc)


def is_missing_table(exc: BaseException) -> bool:
    """True if ``exc`` says a table umt queries does not exist: the schema was never migrated
    (or is older than the code). SQLite reports it as an OperationalError, which would
    otherwise read as an outage; PostgreSQL by its SQLSTATE."""
    if isinstance(exc, asyncpg.exceptions.UndefinedTableError):
        return True
    if not isinstance(exc, sa_exc.DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) == _UNDEFINED_TABLE_SQLSTATE:
        return True
    return isinstance(exc, sa_exc.OperationalError) and str(exc.orig).startswith("no such table")


def translated_error(exc: BaseException, action: str) -> Exception | None:
    """The port error a failure of ``action`` becomes, or None when it passes unchanged: a
    connection-level failure is ``StorageUnavailable``, a missing table ``SchemaMissing``
    (which says how to migrate)."""
    if isinstance(exc, StorageUnavailable) or not isinstance(exc, Exception):
        return None
    if is_missing_table(exc):
        return SchemaMissing(
            f"{action} failed: the database has no umt schema, or an older one: {MIGRATE_HINT}"
        )
    if is_unavailable(exc):
        return StorageUnavailable(f"{action} failed: the database is unavailable")
    return None


@asynccontextmanager
async def translate_errors(action: str = "database operation") -> AsyncIterator[None]:
    """Re-raise connection-level failures as ``StorageUnavailable``, and a missing table as
    ``SchemaMissing`` (which says how to migrate); let the rest through."""
    try:
        yield
    except Exception as exc:
        translated = translated_error(exc, action)
        if translated is None:
            raise
        raise translated from exc
