"""Reading plain command data (JSON-shaped, as from HTTP, the library or a task payload) that
every context receives the same way: enum names, days and list sorts, each with a named
error."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from umt.domain.shared.errors import InvalidValue
from umt.ports.pagination import PageRequest

E = TypeVar("E", bound=Enum)


def enum_value(kind: type[E], value: Any, field: str) -> E:
    """``value`` as a member of ``kind``; InvalidValue on ``field`` lists the allowed ones."""
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise InvalidValue(f"{value!r} is not one of: {allowed}", field=field) from None


def require_sort(page: PageRequest, allowed: frozenset[str]) -> None:
    """Refuse a page sorted by a key the list does not offer."""
    if page.sort not in allowed:
        raise InvalidValue(f"sort must be one of {sorted(allowed)}", field="sort")


def day_value(value: date | str, field: str) -> date:
    """A day given as a date or ISO text (an agent task's input is JSON); not a datetime."""
    if isinstance(value, datetime):
        raise InvalidValue(f"{field} is a date like 2026-03-01", field=field)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{field} is a date like 2026-03-01", field=field) from None
