"""Keyset pagination in SQL with exactly the semantics of ``umt.ports.pagination.paginate``.

Items are ordered by ``(sort value, id)``; a cursor holds the pair of the last item served and
the next page starts strictly after it. Text sorts use a binary collation so the database
orders strings by code point, like Python. Rows whose sort value is NULL (a project without a
start date) cannot be placed in the order and are left out, as the in-memory adapter does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Column, ColumnElement, Select, String, literal, tuple_

from umt.domain.shared.errors import InvalidValue
from umt.ports.pagination import Page, PageRequest, encode_cursor

T = TypeVar("T")

_BINARY_COLLATION = {"postgresql": "C", "sqlite": "BINARY"}


def parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise InvalidValue("invalid cursor: expected a timestamp", field="cursor")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue("invalid cursor: expected a timestamp", field="cursor") from None
    if parsed.tzinfo is None:
        raise InvalidValue("invalid cursor: timestamp without a time zone", field="cursor")
    return parsed


def parse_date(value: Any) -> date:
    if not isinstance(value, str):
        raise InvalidValue("invalid cursor: expected a date", field="cursor")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue("invalid cursor: expected a date", field="cursor") from None


def parse_text(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValue("invalid cursor: expected text", field="cursor")
    return value


@dataclass(frozen=True, slots=True)
class SortKey:
    """A sortable column and how to turn its cursor value (JSON) back into a bind value."""

    column: Column[Any]
    parse: Callable[[Any], Any]


def _sort_expression(key: SortKey, dialect: str) -> ColumnElement[Any]:
    if isinstance(key.column.type, String):
        return key.column.collate(_BINARY_COLLATION.get(dialect, "BINARY"))
    return key.column


def paginate_query(
    query: Select[Any],
    *,
    keys: dict[str, SortKey],
    id_column: Column[Any],
    page: PageRequest,
    dialect: str,
) -> Select[Any]:
    """``query`` ordered, filtered to start after the cursor, and limited to limit + 1 rows."""
    key = keys.get(page.sort)
    if key is None:
        raise InvalidValue(f"cannot sort by {page.sort!r}; use one of {sorted(keys)}", field="sort")
    sort = _sort_expression(key, dialect)
    if key.column.nullable:
        query = query.where(key.column.is_not(None))
    after = page.after()
    if after is not None:
        raw_value, last_id = after
        if raw_value is None:
            raise InvalidValue("invalid cursor: missing sort value", field="cursor")
        pair = tuple_(sort, id_column)
        bound = tuple_(
            literal(key.parse(raw_value), key.column.type), literal(last_id, id_column.type)
        )
        query = query.where(pair < bound if page.descending else pair > bound)
    if page.descending:
        return query.order_by(sort.desc(), id_column.desc()).limit(page.limit + 1)
    return query.order_by(sort.asc(), id_column.asc()).limit(page.limit + 1)


def build_page(
    items: Sequence[T],
    page: PageRequest,
    *,
    sort_value: Callable[[T], Any],
    item_id: Callable[[T], UUID],
) -> Page[T]:
    """The page from the limit + 1 items fetched: a cursor only when more items remain."""
    chosen = list(items[: page.limit])
    cursor = None
    if len(items) > page.limit and chosen:
        last = chosen[-1]
        cursor = encode_cursor(page.sort, sort_value(last), item_id(last))
    return Page(items=chosen, next_cursor=cursor)
