"""What a router package contributes to the application, and how the application mounts them.

Each part of the API is a package (``entrypoints/http/<context>/``) whose ``router`` lists its
controllers and how its context's errors become problems; ``create_app`` mounts the list of
them, so a new context adds its package and one line there, and no shared file grows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ControllerRouterHandler

from umt.domain.shared.errors import DomainError
from umt.entrypoints.http.domain_problems import (
    SHARED_KERNEL_PROBLEMS,
    DomainProblems,
    ProblemMapping,
)
from umt.entrypoints.http.problems import (
    http_error_handler,
    internal_error_handler,
    not_configured_handler,
    unavailable_handler,
    validation_handler,
)
from umt.entrypoints.settings import ConfigurationError
from umt.ports.errors import StorageUnavailable

ExceptionHandler = Callable[[Request[Any, Any, Any], Any], Response[bytes]]


@dataclass(frozen=True, slots=True)
class ContextRouter:
    """One router package's part of the application."""

    # the controllers (and plain handlers), in the order the OpenAPI document lists them
    route_handlers: tuple[ControllerRouterHandler, ...]
    # how the context's own domain errors become problems (beyond the shared kernel's)
    problems: tuple[ProblemMapping[Any], ...] = ()
    # handlers for the context's exceptions that are not domain errors
    exception_handlers: Mapping[type[Exception], ExceptionHandler] = field(default_factory=dict)


def route_handlers(routers: Sequence[ContextRouter]) -> list[ControllerRouterHandler]:
    """Every router's handlers, router by router."""
    return [handler for router in routers for handler in router.route_handlers]


def exception_handlers(routers: Sequence[ContextRouter]) -> dict[Any, Any]:
    """The application's exception handlers: the generic ones, the shared kernel's problems
    with every router's own, and the routers' handlers. A kind handled twice fails here, at
    start-up, rather than one router silently replacing another's answer."""
    own: dict[type[Exception], ExceptionHandler] = {}
    for router in routers:
        for kind, handler in router.exception_handlers.items():
            if kind in own:
                raise ValueError(f"two routers handle {kind.__name__}")
            own[kind] = handler
    problems = [mapping for router in routers for mapping in router.problems]
    return {
        DomainError: DomainProblems((*SHARED_KERNEL_PROBLEMS, *problems)).handle,
        ValidationException: validation_handler,
        HTTPException: http_error_handler,
        StorageUnavailable: unavailable_handler,
        ConfigurationError: not_configured_handler,
        **own,
        Exception: internal_error_handler,
    }
