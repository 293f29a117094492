"""Migrations: the stairway on PostgreSQL, a full cycle on SQLite, and the migrated schema
matching tables.py on both (so autogenerate would have nothing to add)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect
from tests.support.postgres import throwaway_database

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.migrate import (
    alembic_config,
    current_revision,
    current_revision_async,
    downgrade,
    downgrade_async,
    head_revision,
    revisions,
    run_alembic,
    upgrade,
    upgrade_async,
)
from umt.adapters.sql.tables import is_migration_only_table, metadata

EXPECTED_TABLES = set(metadata.tables)


async def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()
    # the partitions of partitioned tables are the migrations' and the maintenance's
    return {n for n in names if not is_migration_only_table(n)} - {"alembic_version"}


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    with throwaway_database(migrate=False) as url:
        yield url


def test_revisions_form_a_single_line() -> None:
    ordered = revisions()
    assert ordered[0] == "0001"
    assert ordered[-1] == head_revision()
    assert len(set(ordered)) == len(ordered)


async def test_stairway_on_postgresql(empty_postgres: str) -> None:
    url = empty_postgres
    for revision in revisions():
        await upgrade_async(url, revision)
        await downgrade_async(url, "-1")
        await upgrade_async(url, revision)
        assert await current_revision_async(url) == revision

    assert await table_names(url) == EXPECTED_TABLES
    await run_alembic(url, command.check)  # raises if the schema differs from tables.py

    await downgrade_async(url, "base")
    assert await table_names(url) == set()
    assert await current_revision_async(url) is None


async def test_upgrade_and_downgrade_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'umt.db'}"  # the directory is created

    await upgrade_async(url)
    assert await table_names(url) == EXPECTED_TABLES
    await run_alembic(url, command.check)

    await downgrade_async(url, "base")
    assert await table_names(url) == set()
    await upgrade_async(url)
    await upgrade_async(url)  # at head already: a no-op
    assert await current_revision_async(url) == head_revision()


def test_sync_helpers_and_the_alembic_command_path(tmp_path: Path) -> None:
    # The CLI calls the sync helpers; `alembic upgrade` goes through env.py's own engine.
    url = f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"
    upgrade(url)
    assert current_revision(url) == head_revision()
    downgrade(url, "base")
    assert current_revision(url) is None

    command.upgrade(alembic_config(url), "head")
    assert current_revision(url) == head_revision()
