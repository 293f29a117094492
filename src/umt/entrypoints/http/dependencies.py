"""Litestar dependencies: the bus, the acting principal, and list parameters."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.entrypoints.http.security import principal_from_request
from umt.ports.pagination import MAX_PAGE_SIZE, PageRequest


def provide_bus(state: State) -> MessageBus:
    bus: MessageBus = state.bus
    return bus


async def provide_principal(
    request: Request[Any, Any, Any], bus: NamedDependency[MessageBus]
) -> Principal:
    # Depending on `bus` puts the two in successive batches: Litestar resolves a batch of
    # several dependencies in a fresh task group per request, which costs more than both.
    return await principal_from_request(request, bus)


def provide_page(
    sort: Annotated[
        str,
        QueryParameter(
            max_length=40,
            description="Sort field; prefix with '-' for descending, e.g. -created_at",
        ),
    ] = "created_at",
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)] = 50,
    cursor: Annotated[
        str | None, QueryParameter(max_length=1000, description="next_cursor of the previous page")
    ] = None,
) -> PageRequest:
    descending = sort.startswith("-")
    return PageRequest(limit=limit, cursor=cursor, sort=sort.lstrip("-"), descending=descending)


# Dependencies are declared by name (Litestar 3 drops inferred ones).
Bus = NamedDependency[MessageBus]
Caller = NamedDependency[Principal]
Paging = NamedDependency[PageRequest]

DEPENDENCIES = {
    "bus": Provide(provide_bus, sync_to_thread=False),
    "principal": Provide(provide_principal),
    "page": Provide(provide_page, sync_to_thread=False),
}
