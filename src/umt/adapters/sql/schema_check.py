"""Whether a database holds umt's schema at this code's newest revision, without Alembic.

Every API and worker process checks this at start and on each readiness probe; Alembic (10
MiB resident) is only needed to migrate. The revision chain is read from the migration
scripts' own ``revision`` and ``down_revision`` lines (a test holds it equal to Alembic's).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from sqlalchemy import Connection, column, inspect, select, table
from sqlalchemy.sql.expression import ColumnClause

from umt.adapters.sql.asyncio_package import AsyncConnection, AsyncEngine
from umt.adapters.sql.engine import MIGRATE_HINT, translate_errors
from umt.ports.errors import SchemaMissing

VERSIONS_DIRECTORY = Path(__file__).with_name("migrations") / "versions"
VERSION_TABLE = "alembic_version"  # where Alembic stamps the schema's revision
_ASSIGNMENT = r"^{name}\s*(?::[^=\n]*)?=\s*(?:None|[\"']([^\"']+)[\"'])\s*$"
_REVISION = re.compile(_ASSIGNMENT.format(name="revision"), re.MULTILINE)
_DOWN_REVISION = re.compile(_ASSIGNMENT.format(name="down_revision"), re.MULTILINE)


@functools.cache
def script_revisions() -> tuple[str, ...]:
    """Every revision id of the shipped migration scripts, oldest first (one linear chain)."""
    parents: dict[str, str | None] = {}
    for path in VERSIONS_DIRECTORY.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            continue  # not a migration script (__init__.py)
        parents[revision.group(1)] = down.group(1)
    children = {parent: child for child, parent in parents.items()}
    if len(children) != len(parents):
        raise RuntimeError("the migration scripts do not form one linear chain")
    chain: list[str] = []
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if len(chain) != len(parents):
        raise RuntimeError("the migration scripts do not form one linear chain")
    return tuple(chain)


def _stamped_revision(connection: Connection) -> str | None:
    # What MigrationContext.get_current_revision reads, without its info log line per call:
    # readiness probes run this every few seconds.
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    version: ColumnClause[str] = column("version_num")
    row = connection.execute(select(version).select_from(table(VERSION_TABLE))).first()
    return None if row is None else str(row[0])


async def check_schema(connection: AsyncConnection) -> None:
    """Raise ``SchemaMissing`` unless the database holds umt's schema at this code's newest
    revision. A revision this code does not know passes: a newer release migrated the
    database, and its changes are additive while older instances still run (expand first)."""
    current = await connection.run_sync(_stamped_revision)
    # (no URL in the message: readiness shows it to whoever asks)
    if current is None:
        raise SchemaMissing(f"the database has no umt schema: {MIGRATE_HINT}")
    known = script_revisions()
    head = known[-1] if known else None
    if current != head and current in known:
        raise SchemaMissing(
            f"the database is at schema revision {current}, older than this umt's {head}:"
            f" {MIGRATE_HINT}"
        )


async def require_schema(engine: AsyncEngine) -> None:
    """``check_schema`` on a connection of ``engine``; StorageUnavailable if it is down."""
    async with translate_errors("checking the schema"), engine.connect() as connection:
        await check_schema(connection)
