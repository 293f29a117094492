"""Alembic environment for umt: async engines, SQLite and PostgreSQL.

The database URL comes from, in order: ``config.attributes["sqlalchemy.url"]`` (set by
``umt.adapters.sql.migrate``), the ``sqlalchemy.url`` main option, or ``UMT_DATABASE_URL``.
When the caller passes an open connection in ``config.attributes["connection"]`` (the
programmatic path, already inside an event loop) the migrations run on it directly.
"""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, Identity

from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.tables import MIGRATION_ONLY_INDEXES, is_migration_only_table, metadata

config = context.config

# Only the alembic command line has an ini file; programmatic callers keep their logging.
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    url = (
        config.attributes.get("sqlalchemy.url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("UMT_DATABASE_URL")
    )
    if not url:
        raise RuntimeError("no database URL: set UMT_DATABASE_URL or sqlalchemy.url")
    return str(url)


def _compare_sqlite_server_default(
    migration: MigrationContext,
    inspected_column: Column[object],
    metadata_column: Column[object],
    inspected_default: str | None,
    metadata_default: object,
    rendered_metadata_default: str | None,
) -> bool | None:
    # SQLite has no identity columns, so reflection can never show the one tables.py declares
    # (outbox.position); anything else is left to Alembic's own comparison (None). Only used
    # on SQLite: Alembic cannot hand an identity reflected from PostgreSQL to such a hook.
    if isinstance(metadata_default, Identity):
        return False
    return None


def _include_object(
    item: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the migration-only expression indexes (tables.MIGRATION_ONLY_INDEXES) and tables
    (the partitions: tables.is_migration_only_table) out of autogenerate comparisons: they
    exist in the database but not in tables.py."""
    if type_ == "table" and reflected and name is not None and is_migration_only_table(name):
        return False
    return not (type_ == "index" and reflected and name in MIGRATION_ONLY_INDEXES)


def _configure(*, sqlite: bool, **options: object) -> None:
    context.configure(
        target_metadata=metadata,
        include_object=_include_object,
        compare_type=True,
        compare_server_default=_compare_sqlite_server_default if sqlite else True,
        # SQLite cannot ALTER most things in place; batch mode recreates the table instead.
        render_as_batch=sqlite,
        **options,  # type: ignore[arg-type]  # forwarded as-is to Alembic's keyword options
    )


def _run_on(connection: Connection) -> None:
    _configure(sqlite=connection.dialect.name == "sqlite", connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine(url: str) -> None:
    engine = create_engine(url, autocommit=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_on)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_offline() -> None:
    url = _database_url()
    _configure(
        sqlite=url.startswith("sqlite"),
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run_on(connection)
    else:
        asyncio.run(_run_with_own_engine(_database_url()))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
