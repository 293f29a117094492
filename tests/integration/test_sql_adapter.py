"""Behaviour specific to the SQL adapter, beyond the port contracts: the database's own
guards, error translation and connection set-up, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.contracts.builders import T0, full_brand, organization, simple_brand, simple_project
from tests.support.postgres import run, throwaway_database, truncate_all

from umt.adapters.sql.engine import create_engine, translate_errors
from umt.adapters.sql.migrate import upgrade_to_head
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.application.audit.entries import entry_for_event
from umt.domain.brand.audience import Audience, Competitor
from umt.domain.brand.brand import Brand
from umt.domain.brand.errors import BrandHasProjects, DuplicateAudience, DuplicateCompetitor
from umt.domain.identity.model import Organization
from umt.domain.shared.ids import AudienceId, CompetitorId
from umt.ports.brand_repository import BrandFilter
from umt.ports.errors import StorageUnavailable
from umt.ports.pagination import PageRequest


class RandomIds:
    def new_id(self) -> uuid.UUID:
        return uuid.uuid4()


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    url = f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"
    run(upgrade_to_head(url))
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=2)
    if engine.dialect.name == "postgresql":
        await truncate_all(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


def brand_with_twins(kind: str) -> tuple[Brand, Organization]:
    """A brand holding two children whose names differ only in case: a state the aggregate
    refuses to reach, built directly to show that the database refuses it too."""
    org = organization()
    brand = simple_brand(org, "Rockets")
    if kind == "audience":
        for name in ("Founders", "FOUNDERS"):
            child = Audience(
                id=AudienceId(uuid.uuid4()), persona_name=name, created_at=T0, updated_at=T0
            )
            brand.audiences[child.id] = child
    else:
        for name in ("Globex", "globex"):
            rival = Competitor(
                id=CompetitorId(uuid.uuid4()), name=name, created_at=T0, updated_at=T0
            )
            brand.competitors[rival.id] = rival
    return brand, org


@pytest.mark.parametrize(
    ("kind", "error"), [("audience", DuplicateAudience), ("competitor", DuplicateCompetitor)]
)
async def test_the_database_enforces_unique_child_names(
    engine: AsyncEngine, kind: str, error: type[Exception]
) -> None:
    brand, org = brand_with_twins(kind)

    async def store() -> None:
        async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
            await uow.organizations.add(org)
            await uow.brands.add(brand)
            await uow.commit()

    with pytest.raises(error):
        await store()


async def test_a_listed_brand_cannot_be_saved(engine: AsyncEngine) -> None:
    # A listed brand has no children loaded; saving it would delete them all.
    org = organization()
    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        await uow.organizations.add(org)
        await uow.brands.add(simple_brand(org, "Rockets"))
        await uow.commit()

    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        [listed] = (await uow.brands.list(org.id, BrandFilter(), PageRequest())).items
        with pytest.raises(ValueError, match="get"):
            await uow.brands.save(listed)


async def test_sqlite_connections_enforce_foreign_keys_in_wal_mode(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'deep' / 'dir' / 'umt.db'}")
    try:
        async with engine.connect() as connection:
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
            journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            busy = (await connection.execute(text("PRAGMA busy_timeout"))).scalar()
    finally:
        await engine.dispose()
    assert (foreign_keys, journal, busy) == (1, "wal", 5000)


async def test_an_unreachable_database_is_storage_unavailable() -> None:
    # Port 1 on localhost: nothing listens, the connection is refused at once.
    engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none", connect_timeout=2)
    try:
        with pytest.raises(StorageUnavailable) as caught:
            async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event):
                pass
    finally:
        await engine.dispose()
    assert caught.value.retry_after > 0
    assert caught.value.__cause__ is not None


async def test_translate_errors_passes_other_errors_through() -> None:
    with pytest.raises(StorageUnavailable):
        async with translate_errors():
            raise ConnectionResetError("peer went away")
    with pytest.raises(KeyError):
        async with translate_errors():
            raise KeyError("a bug, not an outage")


def test_unsupported_urls_are_refused() -> None:
    for url in ("sqlite:///x.db", "postgresql+psycopg://h/db", "mysql+aiomysql://h/db"):
        with pytest.raises(ValueError, match="unsupported"):
            create_engine(url)


async def test_removing_a_brand_with_projects_is_refused(engine: AsyncEngine) -> None:
    # The use case checks count_for_brand first; the foreign key closes the race behind it.
    org = organization()
    brand = simple_brand(org, "Rockets")
    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        await uow.organizations.add(org)
        await uow.brands.add(brand)
        await uow.projects.add(simple_project(brand, "Launch"))
        await uow.commit()

    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        loaded = await uow.brands.get(org.id, brand.id)
        assert loaded is not None
        with pytest.raises(BrandHasProjects):
            await uow.brands.remove(loaded)


async def test_direct_and_sqlalchemy_statements_share_one_transaction(engine: AsyncEngine) -> None:
    """On PostgreSQL the brand INSERT goes straight to asyncpg while reads go through
    SQLAlchemy: both must see the same uncommitted transaction, and a rollback undoes both."""
    org = organization()
    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        await uow.organizations.add(org)
        await uow.commit()
    brand = full_brand(org)
    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        await uow.brands.add(brand)  # asyncpg on PostgreSQL
        seen = await uow.brands.get(org.id, brand.id)  # SQLAlchemy Core
        assert seen is not None
        assert seen.name == brand.name
        # leaving without commit rolls back
    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        assert await uow.brands.get(org.id, brand.id) is None
        assert [m.event_type for m in await uow.outbox.pending()] == [
            "identity.organization_created"
        ]


async def test_a_failed_rollback_never_leaks_an_open_transaction(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("transactions are demarcated on asyncpg only on PostgreSQL")
    org = organization()
    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        await uow.organizations.add(org)
        await uow.commit()
    brand = full_brand(org)

    async def lost(self: PgTransaction) -> None:
        raise ConnectionResetError("connection lost during ROLLBACK")

    async def failing_work() -> None:
        async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
            await uow.brands.add(brand)
            raise RuntimeError("handler bug")

    monkeypatch.setattr(PgTransaction, "rollback", lost)
    with pytest.raises(RuntimeError, match="handler bug"):
        await failing_work()
    monkeypatch.undo()
    for _ in range(3):  # more than the pool holds: every pooled connection is clean
        async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
            assert await uow.brands.get(org.id, brand.id) is None


async def test_an_abandoned_driver_transaction_is_never_handed_out_again(
    engine: AsyncEngine,
) -> None:
    """A transaction begun on the asyncpg connection by a caller that was interrupted before
    it could end it (a cancelled task): the pool must not hand that connection out again, or
    every later write on it would run inside the abandoned transaction and never commit."""
    if engine.dialect.name != "postgresql":
        pytest.skip("transactions are demarcated on asyncpg only on PostgreSQL")
    connection = await engine.connect()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.execute("BEGIN")
    await connection.close()  # back to the pool, mid-transaction
    org = organization()
    for _ in range(3):  # more than the pool holds
        async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
            await uow.organizations.add(organization())
            await uow.commit()
    async with SqlUnitOfWork(engine, RandomIds(), audit=entry_for_event) as uow:
        await uow.organizations.add(org)
        await uow.commit()
    fresh = create_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    try:
        async with SqlUnitOfWork(fresh, RandomIds(), audit=entry_for_event) as uow:
            assert await uow.organizations.get(org.id) is not None
    finally:
        await fresh.dispose()
