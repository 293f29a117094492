"""Throwaway PostgreSQL databases for tests.

A uniquely named database is created through an AUTOCOMMIT connection to the maintenance
database (``UMT_TEST_POSTGRES_URL``, default ``postgres`` on 127.0.0.1), optionally migrated,
and dropped afterwards. Locally an unreachable server skips the test with the reason; under
``CI=true`` it fails instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import pytest
from sqlalchemy import NullPool, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from umt.adapters.sql.migrate import upgrade_to_head
from umt.adapters.sql.tables import ALL_TABLES, metadata

DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
T = TypeVar("T")


def admin_url() -> str:
    return os.environ.get("UMT_TEST_POSTGRES_URL", DEFAULT_ADMIN_URL)


def service_unavailable(service: str, reason: str) -> NoReturn:
    """Skip locally, fail under CI=true: a missing service must never pass CI silently."""
    message = f"{service} is unreachable ({reason})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(f"{message}; start it or set UMT_TEST_POSTGRES_URL")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion from sync code, even while an event loop is running
    in this thread (fixtures may be set up from inside pytest-asyncio's loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _admin_engine(url: str) -> AsyncEngine:
    return create_async_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


async def _create(admin: str, name: str) -> None:
    engine = _admin_engine(admin)
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()


async def _drop(admin: str, name: str) -> None:
    engine = _admin_engine(admin)
    try:
        async with engine.connect() as connection:
            # FORCE ends sessions a failed test may have leaked (PostgreSQL 13+).
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await engine.dispose()


@contextmanager
def throwaway_database(*, migrate: bool = True) -> Iterator[str]:
    """Yield the URL of a new, empty (or migrated) database; drop it on exit."""
    admin = admin_url()
    name = f"umt_test_{uuid.uuid4().hex[:12]}"
    try:
        run(asyncio.wait_for(_create(admin, name), timeout=15))
    except Exception as exc:
        # Refused, timed out, bad credentials, no CREATEDB right: all mean "cannot test here".
        service_unavailable("PostgreSQL", f"{type(exc).__name__}: {exc}".strip())
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        if migrate:
            run(upgrade_to_head(url))
        yield url
    finally:
        run(_drop(admin, name))


# Children before the tables their foreign keys point at, so each DELETE leaves no orphan.
_NAMES = {table.name for table in ALL_TABLES}
_CHILDREN_FIRST = [table for table in reversed(metadata.sorted_tables) if table.name in _NAMES]
# One round trip says which tables hold rows (a test fills a few of the 40-odd).
_FILLED = " UNION ALL ".join(
    f"SELECT '{table.name}' WHERE EXISTS (SELECT 1 FROM {table.name})"  # noqa: S608  # our own table names
    for table in _CHILDREN_FIRST
)
_RESTART_IDENTITIES = [
    f"ALTER TABLE {table.name} ALTER COLUMN {column.name} RESTART"
    for table in ALL_TABLES
    for column in table.columns
    if column.identity is not None
]


# Tables whose triggers refuse DELETE (the append-only audit_log): TRUNCATE fires no row trigger.
_DELETE_REFUSED = text(
    "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    " WHERE NOT t.tgisinternal AND t.tgtype & 8 <> 0"  # 8: TRIGGER_TYPE_DELETE
)


async def truncate_all(engine: AsyncEngine) -> None:
    """Empty every table and restart its identity columns, as TRUNCATE ... RESTART IDENTITY
    would (faster than recreating the database per test). Rows are DELETEd from the tables
    that hold any, children first: TRUNCATE gives every table and index new files, which cost
    a contract test on PostgreSQL several times its own run. Only tables whose triggers refuse
    DELETE are truncated."""
    async with engine.begin() as connection:
        filled = set((await connection.execute(text(_FILLED))).scalars())
        refused = set((await connection.execute(_DELETE_REFUSED)).scalars()) & filled
        if refused:
            await connection.execute(text(f"TRUNCATE TABLE {', '.join(sorted(refused))} CASCADE"))
        for table in _CHILDREN_FIRST:
            if table.name in filled - refused:
                await connection.execute(table.delete())
        for statement in _RESTART_IDENTITIES:
            await connection.execute(text(statement))
