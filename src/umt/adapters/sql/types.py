"""Column types that behave the same on PostgreSQL and SQLite."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, Numeric, String, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeEngine

# JSONB on PostgreSQL (indexable, compact); plain JSON text on SQLite.
JsonDocument: TypeEngine[Any] = JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every dialect.

    PostgreSQL stores ``timestamptz`` and returns aware values, but SQLite keeps only the text
    of the wall-clock time and returns naive datetimes. So values are converted to UTC before
    binding (SQLite's text form then sorts chronologically) and naive results are read as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # The domain only produces aware datetimes; a naive one is a bug upstream that would
            # silently shift times if we guessed its zone.
            raise ValueError(f"naive datetime {value!r} given; umt stores only aware UTC times")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


DECIMAL_PLACES = 6
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)


class ExactDecimal(TypeDecorator[Decimal]):
    """A ``Decimal`` kept exactly, rounded half-even to ``DECIMAL_PLACES`` on every dialect.

    PostgreSQL stores ``NUMERIC(24, 6)``. SQLite has no decimal type (its NUMERIC affinity
    keeps a float), so there the value is stored as its text and read back as a ``Decimal``:
    no binary rounding on either. Values are not compared in SQL on SQLite (text order is
    not numeric order); rollups read them into Python.
    """

    impl = Numeric(24, DECIMAL_PLACES, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(24, DECIMAL_PLACES, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        exact = Decimal(value).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)
        return str(exact) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))
