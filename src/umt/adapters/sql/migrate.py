"""Running the Alembic migrations from code (the CLI, tests, an embedding application).

The migration scripts ship inside the package (``migrations/`` next to this module), so an
installed umt can migrate its database without an ``alembic.ini``.
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
from sqlalchemy import Connection

from umt.adapters.sql.engine import create_engine, translate_errors

# the schema check lives apart, so that checking does not load Alembic (re-exported here)
from umt.adapters.sql.schema_check import VERSION_TABLE as VERSION_TABLE
from umt.adapters.sql.schema_check import check_schema as check_schema
from umt.adapters.sql.schema_check import require_schema as require_schema

MIGRATIONS_DIRECTORY = Path(__file__).with_name("migrations")


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
        config = alembic_config(url)
        config.attributes["connection"] = connection
        action(config)

    engine = create_engine(url, autocommit=False)
    try:
        async with translate_errors("migrating"), engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


async def upgrade_async(url: str, revision: str = "head") -> list[str]:
    """Upgrade to ``revision``; the revisions it applied, oldest first (none when current)."""
    moved: list[str | None] = []

    def upgrade(config: Config) -> None:
        connection: Connection = config.attributes["connection"]
        before = MigrationContext.configure(connection).get_current_revision()
        command.upgrade(config, revision)
        moved.extend((before, MigrationContext.configure(connection).get_current_revision()))

    await run_alembic(url, upgrade)
    return _between(moved[0], moved[1])


async def downgrade_async(url: str, revision: str) -> None:
    await run_alembic(url, lambda config: command.downgrade(config, revision))


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


def downgrade(url: str, revision: str) -> None:
    asyncio.run(downgrade_async(url, revision))


def current_revision(url: str) -> str | None:
    return asyncio.run(current_revision_async(url))
