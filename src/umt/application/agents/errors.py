"""Error classification: what a failed task does next.

- transient (a dependency down, a timeout, a rate limit): retried with exponential backoff up
  to ``max_retries``, then dead-lettered;
- client (invalid input, missing permission, a broken business rule, an unknown task): an
  error response at once, never retried (it would fail the same way);
- bug (anything unforeseen): dead-lettered at once with an error log carrying the trace id;
- fatal (stored data that cannot be read): the worker stops consuming and raises an alert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from umt.application.messaging.request_reply import RequestTimedOut
from umt.domain.shared.errors import DomainError
from umt.ports.errors import CorruptData, StorageUnavailable
from umt.ports.message_broker import Unroutable


class ErrorKind(StrEnum):
    TRANSIENT = "transient"
    CLIENT = "client"
    BUG = "bug"
    FATAL = "fatal"


class TaskRejected(Exception):
    """A client error the runtime itself raises (bad payload, unknown task, expired)."""

    code = "task_rejected"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class TaskNotImplemented(TaskRejected):
    """The agent has no handler for this task type: a typed error, never a fake success."""

    code = "task_not_implemented"


class InvalidTaskPayload(TaskRejected):
    code = "invalid_payload"


class TaskExpired(TaskRejected):
    code = "task_expired"


class IdempotencyKeyReused(TaskRejected):
    code = "idempotency_key_reused"


class TransientFailure(Exception):
    """A dependency failed in a way that may heal: retry later (e.g. HTTP 429 or 503)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    StorageUnavailable,
    TransientFailure,
    TimeoutError,
    ConnectionError,
    RequestTimedOut,
    Unroutable,
)


@dataclass(frozen=True, slots=True)
class Classified:
    kind: ErrorKind
    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def retryable(self) -> bool:
        return self.kind is ErrorKind.TRANSIENT


def classify(exc: BaseException) -> Classified:
    """The kind of ``exc`` and the stable code and message that go into the error response."""
    if isinstance(exc, TaskRejected):
        return Classified(ErrorKind.CLIENT, exc.code, exc.message, exc.details)
    if isinstance(exc, DomainError):
        details = {"field": exc.field} if exc.field else {}
        return Classified(ErrorKind.CLIENT, exc.code, exc.message, details)
    if isinstance(exc, CorruptData):
        return Classified(ErrorKind.FATAL, "corrupt_data", str(exc))
    if isinstance(exc, TRANSIENT_ERRORS):
        message = str(exc) or type(exc).__name__
        return Classified(ErrorKind.TRANSIENT, "unavailable", message)
    # a bug: the message names the exception type only; details stay in the log
    return Classified(ErrorKind.BUG, "internal_error", f"internal error ({type(exc).__name__})")


def retry_delay(attempt: int, *, base: float = 0.1, cap: float = 300.0) -> float:
    """Exponential backoff: 0.1 s, 0.2 s, 0.4 s ... capped (the broker rounds up to a level)."""
    return float(min(cap, base * 2 ** max(0, attempt - 1)))
