"""The Tracer port on OpenTelemetry: PRODUCER and CONSUMER spans with messaging attributes.

Envelope ids are W3C trace context (32/16 hex); the UUID form that the original
architecture's examples use is accepted too: the trace id is the UUID's 32 hex digits, the
span id its first 16.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import NonRecordingSpan, Span, SpanContext, SpanKind, TraceFlags

from umt.ports.tracer import TraceIds, Tracer

INSTRUMENTATION = "umt.messaging"


def _hex(value: str, digits: int) -> int | None:
    text = value.replace("-", "").lower()[:digits]
    try:
        number = int(text, 16)
    except ValueError:
        return None
    return number or None  # all zeros is the "invalid" id


def parent_context(ids: TraceIds) -> Context | None:
    """An OpenTelemetry context whose current span is the remote sender's span."""
    trace_id, span_id = _hex(ids.trace_id, 32), _hex(ids.span_id, 16)
    if trace_id is None or span_id is None:
        return None
    remote = SpanContext(
        trace_id=trace_id,
        span_id=span_id,
        is_remote=True,
        trace_flags=TraceFlags(TraceFlags.SAMPLED),
    )
    return trace.set_span_in_context(NonRecordingSpan(remote))


def span_ids(span: Span) -> TraceIds | None:
    context = span.get_span_context()
    if not context.is_valid or not span.is_recording():
        return None
    return TraceIds(
        trace_id=trace.format_trace_id(context.trace_id),
        span_id=trace.format_span_id(context.span_id),
    )


def _within(ids: TraceIds) -> bool:
    """Whether the current span is in the trace ``ids`` name: the transport's delivery span
    (a child of the sender's publish span), under which the consumer span belongs, rather
    than beside it as a second child of the sender's span."""
    current = trace.get_current_span().get_span_context()
    return current.is_valid and current.trace_id == _hex(ids.trace_id, 32)


class OpenTelemetryTracer(Tracer):
    def __init__(self, provider: trace.TracerProvider, *, system: str) -> None:
        self._tracer = provider.get_tracer(INSTRUMENTATION)
        self._system = system  # messaging.system: rabbitmq, or umt's in-process broker

    @contextmanager
    def producer(
        self, operation: str, *, destination: str, message_id: str
    ) -> Iterator[TraceIds | None]:
        with self._tracer.start_as_current_span(
            f"{operation} {destination}",
            kind=SpanKind.PRODUCER,
            attributes={
                "messaging.system": self._system,
                "messaging.operation.type": "send",
                "messaging.operation.name": operation,
                "messaging.destination.name": destination,
                "messaging.message.id": message_id,
            },
        ) as span:
            yield span_ids(span)

    @contextmanager
    def consumer(
        self, operation: str, *, source: str, message_id: str, parent: TraceIds | None
    ) -> Iterator[TraceIds | None]:
        context = None if parent is None or _within(parent) else parent_context(parent)
        with self._tracer.start_as_current_span(
            f"{operation} {source}",
            context=context,  # None: the current context (e.g. the AMQP traceparent's)
            kind=SpanKind.CONSUMER,
            attributes={
                "messaging.system": self._system,
                "messaging.operation.type": "process",
                "messaging.operation.name": operation,
                "messaging.destination.name": source,
                "messaging.message.id": message_id,
            },
        ) as span:
            yield span_ids(span)

    def current(self) -> TraceIds | None:
        return span_ids(trace.get_current_span())
