"""`umt migrate` on PostgreSQL as a deployment runs it: two pods starting at once migrate one
after the other (an advisory lock), and the subcommands move and report the schema."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from tests.support.polling import wait_for
from tests.support.postgres import run, throwaway_database

from umt.adapters.sql.migrate import (
    MIGRATION_LOCK_KEY,
    current_revision,
    current_revision_async,
    head_revision,
    revisions,
)

UMT = [sys.executable, "-m", "umt.entrypoints.cli"]


@pytest.fixture
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=False) as url:
        yield url


def dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def umt(*args: str, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603  # our own CLI, with this interpreter
        [*UMT, *args],
        env={**os.environ, "UMT_DATABASE_URL": url, "UMT_LOG_LEVEL": "WARNING"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


async def _waiting_for_the_lock(url: str) -> int:
    """Backends of this database waiting for an advisory lock."""
    connection = await asyncpg.connect(dsn(url))
    try:
        waiting: int = await connection.fetchval(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
            " WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()"
        )
        return waiting
    finally:
        await connection.close()


async def test_a_migration_waits_while_another_holds_the_lock(database_url: str) -> None:
    holder = await asyncpg.connect(dsn(database_url))
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        migrating = umt("migrate", url=database_url)
        # it reaches the lock and waits there, having changed nothing (this loop stays blocked
        # meanwhile: the held lock needs nothing from it)
        wait_for(lambda: run(_waiting_for_the_lock(database_url)) == 1)
        assert migrating.poll() is None
        assert await current_revision_async(database_url) is None
        await holder.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)
        code, out, err = finish(migrating)
    finally:
        await holder.close()
    assert code == 0, err
    assert out.startswith("created the schema of ")
    assert await current_revision_async(database_url) == head_revision()


def test_two_pods_migrating_at_once_apply_each_revision_once(database_url: str) -> None:
    first, second = umt("migrate", url=database_url), umt("migrate", url=database_url)
    results = [finish(first), finish(second)]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    created, unchanged = sorted(out.splitlines()[0] for _, out, _ in results)
    assert created.startswith("created the schema of ")
    assert unchanged.startswith("nothing to apply: the database is at the latest revision")
    assert current_revision(database_url) == head_revision()


def test_to_current_history_and_downgrade(database_url: str) -> None:
    order = revisions()
    code, out, err = finish(umt("migrate", "--to", order[2][:4], url=database_url))
    assert code == 0, err
    assert out.splitlines()[-1] == f"the database is at revision {order[2]}"
    assert current_revision(database_url) == order[2]

    code, out, _ = finish(umt("migrate", "current", url=database_url))
    behind = len(order) - 3
    assert out.strip().endswith(f"({behind} behind the latest, {order[-1]}: `umt migrate`)")

    code, out, err = finish(umt("migrate", "--to", order[1], url=database_url))
    assert code == 2  # `--to` never goes down
    assert f"umt migrate downgrade {order[1]}" in err
    assert current_revision(database_url) == order[2]

    code, out, err = finish(umt("migrate", "downgrade", order[0], url=database_url))
    assert code == 0, err
    assert out.startswith("reverted 2 migrations")
    assert [line.split(":")[0].strip() for line in out.splitlines()[1:3]] == [order[2], order[1]]
    assert current_revision(database_url) == order[0]

    code, out, _ = finish(umt("migrate", "history", url=database_url))
    assert [line.split(":")[0] for line in out.splitlines()] == order

    code, out, err = finish(umt("migrate", "downgrade", "base", url=database_url))
    assert code == 0, err
    assert current_revision(database_url) is None
    code, out, _ = finish(umt("migrate", "current", url=database_url))
    assert out.startswith("no schema: the database was never migrated")
