"""Running the Alembic migrations from code (the CLI, tests, an embedding application).

The migration scripts ship inside the package (``migrations/`` next to this module), so an
installed umt can migrate its database without an ``alembic.ini``: the Alembic configuration
is built here, in code.

On PostgreSQL every migration (up or down) first takes a transaction-scoped advisory lock
(``MIGRATION_LOCK_KEY``), so two processes starting at once (two pods of a deployment, each
running ``umt migrate`` or ``umt serve``) cannot race: the second waits for the first to commit,
then finds the schema current and applies nothing. The whole migration is one transaction, so
the lock is released exactly when its work is committed or rolled back.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from umt.adapters.sql.engine import create_engine, translate_errors

# the schema check lives apart, so that checking does not load Alembic (re-exported here)
from umt.adapters.sql.schema_check import VERSION_TABLE as VERSION_TABLE
from umt.adapters.sql.schema_check import check_schema as check_schema
from umt.adapters.sql.schema_check import require_schema as require_schema

MIGRATIONS_DIRECTORY = Path(__file__).with_name("migrations")

# pg_advisory_xact_lock's key for umt's migrations: the first 8 bytes of sha256("umt:migrate"),
# as a signed bigint (any constant would do; a hash keeps it from meeting another app's key)
MIGRATION_LOCK_KEY = -4_941_507_877_870_149_207


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config for umt's migrations; ``url`` goes in as an attribute (not an ini
    option, which would choke on the ``%`` of a percent-encoded password)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY))
    if url is not None:
        config.attributes["sqlalchemy.url"] = url
    return config


@functools.cache
def _script() -> ScriptDirectory:
    # the scripts ship with the package and do not change while it runs: read them once
    return ScriptDirectory.from_config(alembic_config())


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    return [rev.revision for rev in reversed(list(_script().walk_revisions()))]


def head_revision() -> str | None:
    return _script().get_current_head()


def describe(revision: str) -> str:
    """``revision`` with what it does, for people: ``0008_content: content library``."""
    script = _script().get_revision(revision)
    lines = (script.doc or "").strip().splitlines() if script is not None else []
    return f"{revision}: {lines[0]}" if lines else revision


def _between(lower: str | None, upper: str | None) -> list[str]:
    """The revisions after ``lower`` up to ``upper`` (both ids; None is the empty database),
    oldest first: what an upgrade from one to the other applied."""
    if upper is None or upper == lower:
        return []
    steps = _script().iterate_revisions(upper, lower or "base")
    return [rev.revision for rev in reversed(list(steps))]


async def run_alembic(url: str, action: Callable[[Config], None]) -> None:
    """Run ``action(config)`` (e.g. ``command.upgrade``) on one connection in one transaction.

    Safe inside a running event loop: env.py uses the connection handed over in the config
    instead of starting a loop of its own.
    """

    def run(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            # held until this transaction ends: a concurrent migration waits here, then sees
            # what this one committed (READ COMMITTED reads afresh after the wait)
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        config = alembic_config(url)
        config.attributes["connection"] = connection
        action(config)

    engine = create_engine(url, autocommit=False)
    try:
        async with translate_errors("migrating"), engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


async def _move(url: str, step: Callable[[Config], None]) -> tuple[str | None, str | None]:
    """Run an upgrade or downgrade ``step``; the database's revision before and after it."""
    moved: list[str | None] = []

    def run(config: Config) -> None:
        connection: Connection = config.attributes["connection"]
        before = MigrationContext.configure(connection).get_current_revision()
        step(config)
        moved.extend((before, MigrationContext.configure(connection).get_current_revision()))

    await run_alembic(url, run)
    return moved[0], moved[1]


async def upgrade_async(url: str, revision: str = "head") -> list[str]:
    """Upgrade to ``revision``; the revisions it applied, oldest first (none when current)."""
    before, after = await _move(url, lambda config: command.upgrade(config, revision))
    return _between(before, after)


async def downgrade_async(url: str, revision: str) -> list[str]:
    """Downgrade to ``revision`` (``"base"``: no schema at all); the revisions it reverted,
    newest first (none when the database was not above it)."""
    before, after = await _move(url, lambda config: command.downgrade(config, revision))
    return list(reversed(_between(after, before)))


async def upgrade_to_head(url: str) -> list[str]:
    """Bring the database at ``url`` to the newest schema (a no-op when it is current) and
    return the revisions applied, oldest first. Applications call ``umt.migrate(settings)``."""
    return await upgrade_async(url, "head")


async def current_revision_async(url: str) -> str | None:
    engine = create_engine(url, autocommit=False)
    try:
        async with translate_errors("reading the schema revision"), engine.connect() as conn:
            return await conn.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()


# -- synchronous helpers for the CLI (no event loop running) --------------------------------


def upgrade(url: str, revision: str = "head") -> list[str]:
    return asyncio.run(upgrade_async(url, revision))


def downgrade(url: str, revision: str) -> list[str]:
    return asyncio.run(downgrade_async(url, revision))


def current_revision(url: str) -> str | None:
    return asyncio.run(current_revision_async(url))
