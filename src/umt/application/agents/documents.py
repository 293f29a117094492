"""Results of use cases as JSON documents, for task responses and job results.

Aggregates and read models are dataclasses of plain values, enums, ids, value objects,
decimals (money amounts, as exact text like "12.50"), times and durations (in seconds); this
walks them into JSON-ready dicts. Pending domain events never leave, and fields
that hold secrets (hashes of passwords and tokens) are dropped by name as a second line of
defence: the tasks that return identities present them explicitly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from umt.domain.brand.brand import Brand
from umt.ports.brand_views import brand_view
from umt.ports.pagination import Page

_NEVER_SHOWN = frozenset({"events", "password_hash", "token_hash", "secret", "secret_hash"})


def to_document(value: Any) -> dict[str, Any]:
    """A use case's result as the ``result`` object of a response."""
    if value is None:
        return {}
    plain = to_plain(value)
    return plain if isinstance(plain, dict) else {"value": plain}


def to_plain(value: Any) -> Any:  # one branch per kind of value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return to_plain(value.value)
    if isinstance(value, UUID | Decimal):  # an amount as exact decimal text ("12.50")
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):  # a duration in seconds (a grace, a rule's window)
        seconds = value.total_seconds()
        return int(seconds) if seconds.is_integer() else seconds
    if isinstance(value, Brand):
        return to_plain(brand_view(value))
    if isinstance(value, Page):
        return {"items": [to_plain(i) for i in value.items], "next_cursor": value.next_cursor}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f.name for f in dataclasses.fields(value) if f.name not in _NEVER_SHOWN]
        if fields == ["value"]:  # a value object (Url, Slug, HexColor): its value
            return to_plain(value.value)  # type: ignore[attr-defined]  # checked just above
        return {name: to_plain(getattr(value, name)) for name in fields}
    if isinstance(value, Mapping):
        return {str(to_plain(k)): to_plain(v) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple: by its names
        return {name: to_plain(getattr(value, name)) for name in value._fields}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(v) for v in value]
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")
