"""The logging context of the current request or message: one ContextVar holding a dict,
merged into every log line (request, trace and correlation ids).

Cheaper than structlog's ``clear_contextvars``/``bind_contextvars`` (which walk every context
variable per request) on the hot path, with the same result in the logs.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from contextvars import ContextVar
from typing import Any

_context: ContextVar[dict[str, Any] | None] = ContextVar("umt_request_context", default=None)


def start_request(request_id: str) -> None:
    """A fresh context for a new request (never shared with the previous one)."""
    _context.set({"request_id": request_id})


def bind_request(**values: Any) -> None:
    """Add values (organization id, user id) to the current request's context."""
    current = _context.get()
    if current is None:
        _context.set(dict(values))
    else:
        current.update(values)


def start_message(**values: Any) -> None:
    """A fresh context for a message an agent handles (ids of the message and its trace)."""
    _context.set({k: v for k, v in values.items() if v is not None})


def current_request_id() -> str | None:
    current = _context.get()
    return None if current is None else current.get("request_id")


def merge_request_context(
    _: Any, __: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: the request's context, under whatever the line already says."""
    current = _context.get()
    if current:
        for key, value in current.items():
            event_dict.setdefault(key, value)
    return event_dict


def current_trace_id() -> str | None:
    current = _context.get()
    value = None if current is None else current.get("trace_id")
    return value if isinstance(value, str) else None
