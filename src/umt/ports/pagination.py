"""Keyset (cursor) pagination shared by every list port.

A cursor is an opaque, URL-safe token holding the sort value and id of the last item served,
so pages stay stable while rows are inserted (unlike OFFSET).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from umt.domain.shared.errors import InvalidValue

T = TypeVar("T")
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None
    sort: str = "created_at"
    descending: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise InvalidValue(f"limit must be between 1 and {MAX_PAGE_SIZE}", field="limit")

    def after(self) -> tuple[Any, UUID] | None:
        """The (sort value, id) position the page starts after, or None for the first page."""
        return decode_cursor(self.cursor, self.sort) if self.cursor else None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(sort: str, value: Any, item_id: UUID) -> str:
    raw = json.dumps([sort, _plain(value), str(item_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stored_sort, value, item_id = json.loads(base64.urlsafe_b64decode(padded))
        if stored_sort != sort:
            raise ValueError("cursor belongs to another sort order")
        if not isinstance(value, str):
            # every sort key is carried as text (names, ISO dates); anything else is forged
            raise ValueError("cursor position is not a sort value")
        return value, UUID(item_id)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise InvalidValue(f"invalid cursor: {exc}", field="cursor") from None


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, int | float | str):
        return value.value
    return value


def paginate(
    items: Iterable[T],
    request: PageRequest,
    *,
    sort_value: Callable[[T], Any],
    item_id: Callable[[T], UUID],
) -> Page[T]:
    """Keyset pagination over an in-memory collection, with the same cursors as SQL."""
    keyed = sorted(
        ((_plain(sort_value(i)), str(item_id(i)), i) for i in items),
        key=lambda row: (row[0], row[1]),
        reverse=request.descending,
    )
    position = request.after()
    if position is not None:
        marker = (position[0], str(position[1]))
        if request.descending:
            keyed = [row for row in keyed if (row[0], row[1]) < marker]
        else:
            keyed = [row for row in keyed if (row[0], row[1]) > marker]
    chosen = keyed[: request.limit + 1]
    has_more = len(chosen) > request.limit
    chosen = chosen[: request.limit]
    cursor = None
    if has_more and chosen:
        last = chosen[-1]
        cursor = encode_cursor(request.sort, last[0], UUID(last[1]))
    return Page(items=[row[2] for row in chosen], next_cursor=cursor)
