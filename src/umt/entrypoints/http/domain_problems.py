"""How domain errors become problems: the shared kernel's mappings, and the lookup that
finds the most specific mapping of an error among those the router packages add."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from litestar import Request, Response

from umt.domain.shared.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    IllegalTransition,
    InvalidValue,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from umt.entrypoints.http.problems import problem_response
from umt.entrypoints.http.schemas.common import FieldError

E = TypeVar("E", bound=DomainError)


def field_errors_of(exc: DomainError) -> list[FieldError]:
    """The one field a domain error names, if it names one (the default details)."""
    return [FieldError(field=exc.field, message=exc.message)] if exc.field else []


@dataclass(frozen=True, slots=True)
class ProblemMapping(Generic[E]):
    """How one kind of domain error becomes a problem.

    The most specific mapping along the error's class hierarchy decides each part: a mapping
    without a ``status`` keeps its base class's (so a subclass may add only details).
    """

    error: type[E]
    status: int | None = None
    # seconds the client should wait (sent as Retry-After)
    retry_after: Callable[[E], int] | None = None
    # the field-level details; default: the one field the error names
    field_errors: Callable[[E], list[FieldError]] | None = None


SHARED_KERNEL_PROBLEMS: tuple[ProblemMapping[Any], ...] = (
    ProblemMapping(InvalidValue, 422),
    ProblemMapping(NotFound, 404),
    ProblemMapping(StaleVersion, 412),
    ProblemMapping(IllegalTransition, 409),
    ProblemMapping(Conflict, 409),
    ProblemMapping(PermissionDenied, 403),
    ProblemMapping(AuthenticationFailed, 401),
)


@dataclass(frozen=True, slots=True)
class _Resolved:
    status: int
    retry_after: Callable[[Any], int] | None
    field_errors: Callable[[Any], list[FieldError]]


class DomainProblems:
    """Answers a ``DomainError`` with the problem its mappings describe (400 when none does)."""

    def __init__(self, mappings: Iterable[ProblemMapping[Any]]) -> None:
        self._mappings: dict[type[DomainError], ProblemMapping[Any]] = {}
        for mapping in mappings:
            if mapping.error in self._mappings:
                raise ValueError(f"{mapping.error.__name__} is mapped to a problem twice")
            self._mappings[mapping.error] = mapping
        self._resolved: dict[type[DomainError], _Resolved] = {}

    def _resolve(self, kind: type[DomainError]) -> _Resolved:
        if (found := self._resolved.get(kind)) is not None:
            return found
        status: int | None = None
        retry_after: Callable[[Any], int] | None = None
        field_errors: Callable[[Any], list[FieldError]] | None = None
        for cls in kind.__mro__:  # the most specific mapping of each part wins
            if (mapping := self._mappings.get(cls)) is None:
                continue
            status = status if status is not None else mapping.status
            retry_after = retry_after or mapping.retry_after
            field_errors = field_errors or mapping.field_errors
        found = _Resolved(status or 400, retry_after, field_errors or field_errors_of)
        self._resolved[kind] = found
        return found

    def handle(self, request: Request[Any, Any, Any], exc: DomainError) -> Response[bytes]:
        resolved = self._resolve(type(exc))
        status = resolved.status
        headers: dict[str, str] = {}
        if isinstance(exc, StaleVersion) and "if-match" not in request.headers:
            status = 409  # a concurrent writer won the race; the caller sent no precondition
        if status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="umt"'
        if resolved.retry_after is not None:
            headers["Retry-After"] = str(resolved.retry_after(exc))
        return problem_response(
            request,
            status=status,
            code=exc.code,
            detail=exc.message,
            errors=resolved.field_errors(exc),
            headers=headers,
        )
