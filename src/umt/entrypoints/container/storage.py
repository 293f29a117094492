"""The storage backend, chosen once (``build_container``): a SQL database (SQLite embedded,
or PostgreSQL) or ``memory://``, a throwaway in-process store (``memory_storage.py``). Each
backend is one container providing the same names, so nothing else asks which backend it runs
on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Any

from dependency_injector import containers, providers

from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.sql.asyncio_package import AsyncEngine
from umt.adapters.sql.brand.brand_reader import SqlBrandReader
from umt.adapters.sql.content.generation_usage import SqlGenerationUsage
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.idempotency_store import SqlIdempotencyStore
from umt.adapters.sql.shared.inbox import SqlMessageInbox
from umt.adapters.sql.shared.job_store import SqlJobStore
from umt.adapters.sql.shared.outbox_feed import SqlOutboxFeed
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.application.audit.entries import entry_for_event
from umt.entrypoints.container import resilience
from umt.entrypoints.observability.tracing import Telemetry, instrument_engine
from umt.entrypoints.settings import Settings
from umt.ports.brand_reader import BrandReader
from umt.ports.idempotency_store import IdempotencyStore

# memory:// still gets an engine, never connected: readiness and the resilience helpers ask
# any engine for its dialect, and a Resource must not be None.
IDLE_ENGINE_URL = "sqlite+aiosqlite://"


async def sql_engine(
    url: str, settings: Settings, telemetry: Telemetry
) -> AsyncIterator[AsyncEngine]:
    """The database engine (connection pool), disposed when the application stops."""
    # A fixed-size pool: overflow connections are closed on return, and reopening them (TLS
    # negotiation included) under load cost more than waiting for a pooled one.
    engine = create_engine(url, pool_size=settings.database.pool_size, max_overflow=0)
    instrument_engine(engine, telemetry)
    try:
        yield engine
    finally:
        await engine.dispose()


async def sql_brand_reader(settings: Settings, engine: AsyncEngine) -> AsyncIterator[BrandReader]:
    """The read side of brands, with its own pool on PostgreSQL, closed at shutdown."""
    reader = SqlBrandReader(engine, pool_size=settings.database.pool_size)
    try:
        yield reader
    finally:
        await reader.close()


def sql_idempotency_store(engine: AsyncEngine) -> IdempotencyStore:
    """Without Redis: the database when it is PostgreSQL (shared by every instance), else
    process memory (SQLite serves one instance)."""
    if engine.dialect.name == "postgresql":
        return SqlIdempotencyStore(engine)
    from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore

    return InMemoryIdempotencyStore()


def sandbox_path(settings: Settings) -> Path:
    return settings.data_dir / "sandbox.sqlite3"


class SqlStorage(containers.DeclarativeContainer):
    """SQLite or PostgreSQL (``UMT_DATABASE_URL``, the embedded SQLite file by default)."""

    settings: Any = providers.Dependency(instance_of=Settings)
    telemetry: Any = providers.Dependency()
    ids: Any = providers.Dependency()
    breakers: Any = providers.Dependency()

    backend: Any = providers.Object("sql")
    engine: Any = providers.Resource(
        sql_engine,
        providers.Callable(lambda s: s.resolved_database_url, settings),
        settings,
        telemetry,
    )
    # chosen once: a unit of work per message must not pay for a provider lookup
    unit_of_work_factory: Any = providers.Singleton(
        resilience.guarded_unit_of_work_factory,
        settings,
        engine,
        providers.Callable(partial, SqlUnitOfWork, engine, ids, audit=entry_for_event),
        breakers,
    )
    brand_reader: Any = providers.Singleton(
        resilience.guarded_brand_reader,
        settings,
        engine,
        providers.Resource(sql_brand_reader, settings, engine),
        breakers,
    )
    message_inbox: Any = providers.Singleton(SqlMessageInbox, engine)
    outbox_feed: Any = providers.Singleton(SqlOutboxFeed, engine)
    job_store: Any = providers.Singleton(SqlJobStore, engine)
    generation_ledger: Any = providers.Singleton(SqlGenerationUsage, engine)
    idempotency_store: Any = providers.Singleton(sql_idempotency_store, engine)
    # the sandbox platform keeps its state in its own file, whatever database umt uses
    sandbox_store: Any = providers.Factory(
        SqliteSandboxStore, providers.Callable(sandbox_path, settings)
    )


def storage_for(settings: Settings) -> type[containers.DeclarativeContainer]:
    """The one place the storage backend is chosen."""
    if settings.database.in_memory:
        # imported only for memory://: a server on a database loads no in-memory store
        from umt.entrypoints.container.memory_storage import MemoryStorage

        return MemoryStorage
    return SqlStorage
