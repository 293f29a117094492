"""Plumbing shared by the SQL repositories: statement execution with error translation, and
an identity-deduplicated set of objects (a repository's own bookkeeping)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from sqlalchemy import CursorResult, Executable, PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy import exc as sa_exc

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.adapters.sql.tables import metadata
from umt.domain.shared.errors import Conflict
from umt.ports.aggregate_tracker import AggregateTracker

T = TypeVar("T")
ErrorFactory = Callable[[], Exception]

_PG_UNIQUE = re.compile(r'unique constraint "(?P<name>[^"]+)"')
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>.+)$")


def _unique_constraints_by_columns() -> dict[tuple[str, ...], str]:
    """SQLite names the table.column list of a violated constraint, never its name."""
    found: dict[tuple[str, ...], str] = {}
    for table in metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint) and isinstance(
                constraint.name, str
            ):
                key = tuple(f"{table.name}.{column.name}" for column in constraint.columns)
                found[key] = constraint.name
    return found


_SQLITE_COLUMNS_TO_CONSTRAINT = _unique_constraints_by_columns()


def violated_unique_constraint(exc: sa_exc.IntegrityError) -> str | None:
    """The name of the unique (or primary key) constraint ``exc`` reports, if it is one."""
    driver_error = exc.orig
    # asyncpg raises UniqueViolationError carrying constraint_name; SQLAlchemy's adapter keeps
    # it as the cause of the DBAPI-level exception.
    for candidate in (driver_error, getattr(driver_error, "__cause__", None)):
        name = getattr(candidate, "constraint_name", None)
        if isinstance(name, str) and getattr(candidate, "sqlstate", None) == "23505":
            return name
    message = str(driver_error)
    if match := _PG_UNIQUE.search(message):
        return match.group("name")
    if match := _SQLITE_UNIQUE.search(message):
        columns = tuple(c.strip() for c in match.group("columns").split(","))
        return _SQLITE_COLUMNS_TO_CONSTRAINT.get(columns)
    return None


def is_foreign_key_violation(exc: sa_exc.IntegrityError) -> bool:
    driver_error = exc.orig
    if getattr(driver_error, "sqlstate", None) == "23503":
        return True
    return "FOREIGN KEY constraint failed" in str(driver_error)


class SqlRepository:
    """Base of the SQL repositories: runs statements on the unit of work's connection, and
    registers the aggregates it loads or stores with the unit of work's tracker."""

    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        self._connection = connection
        # set on PostgreSQL: the asyncpg transaction, for the few statements sent directly
        self._pg = pg
        self._tracker = tracker

    @property
    def _dialect(self) -> str:
        return self._connection.dialect.name

    async def _execute(
        self,
        statement: Executable,
        parameters: Mapping[str, Any] | list[Mapping[str, Any]] | None = None,
        *,
        on_unique: Mapping[str, ErrorFactory] | None = None,
    ) -> CursorResult[Any]:
        """Execute ``statement``; a unique violation raises the domain error mapped to its
        constraint in ``on_unique`` (or a generic Conflict), an outage StorageUnavailable."""
        try:
            async with translate_errors():
                return await self._connection.execute(statement, parameters)
        except sa_exc.IntegrityError as exc:
            constraint = violated_unique_constraint(exc)
            if constraint is None:
                raise
            factory = (on_unique or {}).get(constraint)
            if factory is not None:
                raise factory() from exc
            raise Conflict(f"the record already exists ({constraint})") from exc


class SeenSet(Generic[T]):
    """Objects a repository handed out or stored, deduplicated by identity, in first-seen order.

    Holding a strong reference keeps ``id()`` from being reused while the unit of work lives.
    """

    def __init__(self) -> None:
        self._items: dict[int, T] = {}

    def add(self, item: T) -> T:
        self._items.setdefault(id(item), item)
        return item

    def discard(self, item: T) -> None:
        self._items.pop(id(item), None)

    def __contains__(self, item: object) -> bool:
        return self._items.get(id(item)) is item

    def items(self) -> list[T]:
        return list(self._items.values())
