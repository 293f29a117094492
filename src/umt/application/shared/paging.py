"""A page of a list read whole (a tenant's channel accounts, campaigns, ad rules): the same
cursors as the stores' keyset pages, over the filtered list in memory. These lists are short
(tens to hundreds per organization), so their repositories return them whole and the page is
cut here; the HTTP API, the agent tasks and the library answer ``{items, next_cursor}`` as
every other list does."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, TypeVar
from uuid import UUID

from umt.ports.pagination import Page, PageRequest, paginate

LIST_SORTS = frozenset({"created_at", "updated_at"})


class _Dated(Protocol):
    @property
    def id(self) -> UUID: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...


D = TypeVar("D", bound=_Dated)


def paged(items: Iterable[D], page: PageRequest) -> Page[D]:
    """``page`` of ``items`` by their ``created_at`` or ``updated_at`` (checked by the caller
    with ``require_sort(page, LIST_SORTS)``), then id."""
    return paginate(
        items,
        page,
        sort_value=lambda item: item.created_at if page.sort == "created_at" else item.updated_at,
        item_id=lambda item: item.id,
    )
