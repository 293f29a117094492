"""Runs every contract test against each UnitOfWork adapter: memory, SQLite and PostgreSQL.

``uow_factory`` yields a zero-argument callable returning a fresh unit of work; all units of
work made by one factory share one store or database, which starts empty for each test.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.postgres import run, throwaway_database, truncate_all
from tests.support.rabbitmq import rabbitmq_broker

from umt.adapters.memory.brand_reader import InMemoryBrandReader
from umt.adapters.memory.broker import InProcessBroker
from umt.adapters.memory.outbox_feed import InMemoryOutboxFeed
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.sql.brand.brand_reader import SqlBrandReader
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.migrate import upgrade_to_head
from umt.adapters.sql.shared.outbox_feed import SqlOutboxFeed
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.application.audit.entries import entry_for_event
from umt.ports.brand_reader import BrandReader
from umt.ports.message_broker import MessageBroker
from umt.ports.outbox_feed import OutboxFeed
from umt.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
BACKENDS = ("memory", "sqlite", "postgresql")


class RandomIds:
    """An IdGenerator for tests: random UUIDs, so no order can be assumed from ids."""

    def new_id(self) -> uuid.UUID:
        return uuid.uuid4()


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated once per session; each test gets a copy (cheaper than
    running the migrations per test, and still the real migrated schema)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "umt.db"
    run(upgrade_to_head(sqlite_url(path)))
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    # Resolved here, synchronously, so the session-scoped database fixture is never set up
    # from inside a running event loop.
    if request.param == "postgresql":
        request.getfixturevalue("postgres_url")
    return str(request.param)


@pytest.fixture
def uow_classes() -> tuple[type[InMemoryUnitOfWork], type[SqlUnitOfWork]]:
    """The unit-of-work classes ``uow_factory`` makes; a test module may override this
    fixture with subclasses that declare more repositories."""
    return InMemoryUnitOfWork, SqlUnitOfWork


@pytest.fixture
async def uow_factory(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    uow_classes: tuple[type[InMemoryUnitOfWork], type[SqlUnitOfWork]],
) -> AsyncIterator[UowFactory]:
    ids = RandomIds()
    memory_uow, sql_uow = uow_classes
    if backend == "memory":
        store = InMemoryStore()
        yield lambda: memory_uow(store, ids, audit=entry_for_event)
        return
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        database = tmp_path / "umt.db"
        shutil.copyfile(template, database)
        engine = create_engine(sqlite_url(database))
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=2)
        await truncate_all(engine)
    try:
        yield lambda: sql_uow(engine, ids, audit=entry_for_event)
    finally:
        await engine.dispose()


@pytest.fixture
async def feed_and_uow(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[OutboxFeed, UowFactory]]:
    """An OutboxFeed and a unit-of-work factory over the same store or database."""
    ids = RandomIds()
    if backend == "memory":
        store = InMemoryStore()
        yield (
            InMemoryOutboxFeed(store),
            lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        )
        return
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        database = tmp_path / "umt.db"
        shutil.copyfile(template, database)
        engine = create_engine(sqlite_url(database))
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=4)
        await truncate_all(engine)
    try:
        yield SqlOutboxFeed(engine), lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event)
    finally:
        await engine.dispose()


@pytest.fixture
async def reader_and_uow(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[BrandReader, UowFactory]]:
    """A BrandReader and a unit-of-work factory over the same store or database."""
    ids = RandomIds()
    if backend == "memory":
        store = InMemoryStore()
        yield (
            InMemoryBrandReader(store),
            lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        )
        return
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        database = tmp_path / "umt.db"
        shutil.copyfile(template, database)
        engine = create_engine(sqlite_url(database))
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=2)
        await truncate_all(engine)
    reader = SqlBrandReader(engine, pool_size=2)
    try:
        yield reader, lambda: SqlUnitOfWork(engine, ids, audit=entry_for_event)
    finally:
        await reader.close()
        await engine.dispose()


@pytest.fixture(params=["in-process", "rabbitmq"])
async def broker(request: pytest.FixtureRequest) -> AsyncIterator[MessageBroker]:
    """Each MessageBroker adapter; on RabbitMQ the queues a test declared are deleted after."""
    if request.param == "in-process":
        adapter = InProcessBroker(queue_size=1000)
        try:
            yield adapter
        finally:
            await adapter.close()
        return
    rabbit = await rabbitmq_broker()
    try:
        yield rabbit
    finally:
        await rabbit.delete_declared()
        await rabbit.close()


@pytest.fixture
async def sql_engine(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[AsyncEngine | None]:
    """An empty migrated database of the backend for adapters built on an engine (None for
    the memory backend)."""
    if backend == "memory":
        yield None
        return
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        database = tmp_path / "umt.db"
        shutil.copyfile(template, database)
        engine = create_engine(sqlite_url(database))
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), pool_size=2)
        await truncate_all(engine)
    try:
        yield engine
    finally:
        await engine.dispose()
