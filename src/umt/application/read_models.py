"""Read models: frozen snapshots of aggregates, for callers outside the application.

A read model (a ``…View``) is a frozen dataclass with slots whose fields carry the names of
the aggregate's fields, so ``piece.status`` reads the same on the view as on the aggregate,
but nothing on it can be assigned and no collection on it is shared with the aggregate it was
taken from: lists become tuples of views or value objects, JSON documents are copied. Changing
a view can therefore never change what a repository holds (the in-memory repositories hand out
the very objects they store). Events and secrets (hashes, sealed keys) are left out.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from umt.ports.pagination import Page

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")
V = TypeVar("V")
S = TypeVar("S")


def snapshot(view_type: type[D], source: object, **overrides: Any) -> D:
    """A ``view_type`` holding ``source``'s attributes of the same names (``overrides`` for
    those that need converting); dicts are deep-copied so the view shares no mutable state."""
    values: dict[str, Any] = {}
    for field in fields(view_type):
        if field.name in overrides:
            values[field.name] = overrides[field.name]
            continue
        value = getattr(source, field.name)
        values[field.name] = copy.deepcopy(value) if isinstance(value, dict) else value
    return view_type(**values)


def page_of(page: Page[S], view: Callable[[S], V]) -> Page[V]:
    """The same page with every item turned into its view."""
    return Page(items=[view(item) for item in page.items], next_cursor=page.next_cursor)


def detached(value: V) -> V:
    """A deep copy of an already frozen read model whose fields hold JSON documents (a job's
    result, an audit entry's before/after), so a caller changing them changes no stored copy."""
    return copy.deepcopy(value)
