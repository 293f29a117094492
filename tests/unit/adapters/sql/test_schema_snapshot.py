"""The SQLAlchemy metadata describes the same schema wherever its tables are declared.

The CREATE TABLE and CREATE INDEX statements for PostgreSQL and SQLite, and every client-side
column default, are compared with snapshots (tests/snapshots/schema_*.sql) taken before the
tables were split into one module per bounded context. The migrations did not change, so the
metadata must not either: a difference here is a schema change that needs a migration.

A deliberate change regenerates them:
``UMT_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/unit/adapters/sql/test_schema_snapshot.py``
and the diff is reviewed in the commit (with the migration that makes it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Dialect, Table
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.dialects.sqlite.base import SQLiteDialect
from sqlalchemy.schema import CreateIndex, CreateTable, ExecutableDDLElement

from umt.adapters.sql.tables import metadata

SNAPSHOTS = Path(__file__).resolve().parents[3] / "snapshots"
UPDATE = os.environ.get("UMT_UPDATE_SNAPSHOTS") == "1"


def _client_side_defaults(table: Table) -> list[str]:
    """Defaults SQLAlchemy applies itself: they never reach the DDL, but the rows do."""
    lines = []
    for column in table.columns:
        for kind in ("default", "onupdate"):
            value = getattr(column, kind)
            if value is not None:
                lines.append(f"-- {table.name}.{column.name} {kind}: {value!r}")
    return lines


def _statement(element: ExecutableDDLElement, dialect: Dialect) -> str:
    compiled = str(element.compile(dialect=dialect))
    # SQLAlchemy ends its column lines with ", "; the snapshot keeps no trailing blanks.
    return "\n".join(line.rstrip() for line in compiled.strip().splitlines()) + ";"


def _ddl(dialect: Dialect) -> str:
    """Every table (by name) with its indexes (by name), as the dialect would create them."""
    statements: list[str] = []
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        statements.append(_statement(CreateTable(table), dialect))
        indexes = sorted(table.indexes, key=lambda i: str(i.name))
        statements.extend(_statement(CreateIndex(index), dialect) for index in indexes)
        statements.extend(_client_side_defaults(table))
    return "\n\n".join(statements) + "\n"


@pytest.mark.parametrize(
    ("name", "dialect"),
    [("postgresql", PGDialect()), ("sqlite", SQLiteDialect())],
)
def test_the_metadata_compiles_to_the_snapshot_ddl(name: str, dialect: Dialect) -> None:
    path = SNAPSHOTS / f"schema_{name}.sql"
    rendered = _ddl(dialect)
    if UPDATE:
        path.write_text(rendered)
    assert rendered == path.read_text(), (
        f"the {name} schema changed; if on purpose, add a migration, regenerate with "
        "UMT_UPDATE_SNAPSHOTS=1 and review the diff"
    )
