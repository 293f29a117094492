"""The Tracer port: spans around the messages that cross the broker, so that a request and the
tasks it causes on other workers form one distributed trace.

The ids travel in the envelope header (``trace_id``, ``span_id``: W3C trace context, 32 and 16
lowercase hex). The application asks for a PRODUCER span when it sends a task and puts the
span's ids in the header; the worker opens a CONSUMER span whose parent is built from those
ids. Without tracing configured nothing is recorded and the blocks yield ``None``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class TraceIds:
    """A span's place in a trace, as written in the envelope header."""

    trace_id: str  # 32 lowercase hex
    span_id: str  # 16 lowercase hex


class Tracer(Protocol):
    def producer(
        self, operation: str, *, destination: str, message_id: str
    ) -> AbstractContextManager[TraceIds | None]:
        """A PRODUCER span, child of the current span and current inside the block; yields its
        ids for the outgoing envelope (``None`` when nothing is recorded)."""
        ...

    def consumer(
        self, operation: str, *, source: str, message_id: str, parent: TraceIds | None
    ) -> AbstractContextManager[TraceIds | None]:
        """A CONSUMER span, current inside the block, whose parent is the sender's span
        (``parent``, from the envelope) or, without it, whatever context is current (one the
        transport extracted from its own headers, say)."""
        ...

    def current(self) -> TraceIds | None:
        """The ids of the current span, if one is being recorded."""
        ...
