"""Running the Alembic migrations from code (the CLI, tests, an embedding application).

The migration scripts ship inside the package (``migrations/`` next to this module), so an
installed umt can migrate its database without an ``alembic.ini``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from umt.adapters.sql.engine import create_engine, translate_errors

MIGRATIONS_DIRECTORY = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config for umt's migrations; ``url`` goes in as an attribute (not an ini
    option, which would choke on the ``%`` of a percent-encoded password)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY))
    if url is not None:
        config.attributes["sqlalchemy.url"] = url
    return config


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


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


async def upgrade_async(url: str, revision: str = "head") -> None:
    await run_alembic(url, lambda config: command.upgrade(config, revision))


async def downgrade_async(url: str, revision: str) -> None:
    await run_alembic(url, lambda config: command.downgrade(config, revision))


async def upgrade_to_head(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (a no-op when it is current)."""
    await upgrade_async(url, "head")


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


def upgrade(url: str, revision: str = "head") -> None:
    asyncio.run(upgrade_async(url, revision))


def downgrade(url: str, revision: str) -> None:
    asyncio.run(downgrade_async(url, revision))


def current_revision(url: str) -> str | None:
    return asyncio.run(current_revision_async(url))
