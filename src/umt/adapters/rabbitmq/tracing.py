"""Spans of the RabbitMQ transport, and the W3C trace context in the AMQP headers.

The broker publishes with aiormq directly and consumes one level below aio-pika
(``broker.py`` says why: per-message cost), so the official aio-pika instrumentation, which
patches ``Exchange.publish`` and ``Queue.consume``, would see neither; it also patches the
classes for the whole process, with the global tracer provider, where umt keeps one provider
per container. These few functions are what it would do, on the calls the broker makes:

- ``send <exchange>`` (PRODUCER) around each publish, publisher confirm included; its context
  is what the ``traceparent`` header carries (unless the headers already hold one: a retry or
  a dead letter keeps its original producer's);
- ``deliver <queue>`` (CONSUMER) around each delivery's handler, child of the context the
  ``traceparent`` header names, so the consumer's work sits in the producer's trace.

Without a tracer (tracing off) nothing is started; a delivery's handler still runs in the
extracted context, so an application-level span joins the producer's trace either way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind

SYSTEM = "rabbitmq"
TRACE_HEADERS = ("traceparent", "tracestate")
Headers = Mapping[str, Any]


def header_text(headers: Headers | None, name: str) -> str | None:
    raw = (headers or {}).get(name)
    if isinstance(raw, bytes | bytearray):
        return bytes(raw).decode()
    return raw if isinstance(raw, str) else None


def trace_headers(headers: Headers | None) -> dict[str, str]:
    """The W3C trace context the message was published with."""
    found = {name: header_text(headers, name) for name in TRACE_HEADERS}
    return {name: value for name, value in found.items() if value}


@contextmanager
def publish_span(
    tracer: trace.Tracer | None,
    headers: dict[str, Any],
    *,
    exchange: str,
    routing_key: str,
    message_id: str,
    body_size: int,
) -> Iterator[None]:
    """The PRODUCER span of one publish (when tracing), and the current context written into
    ``headers`` as ``traceparent``/``tracestate`` unless they carry one already."""
    if tracer is None:
        _inject(headers)
        yield
        return
    destination = exchange or routing_key  # the default exchange routes by queue name
    with tracer.start_as_current_span(
        f"send {destination}",
        kind=SpanKind.PRODUCER,
        attributes={
            "messaging.system": SYSTEM,
            "messaging.operation.type": "send",
            "messaging.operation.name": "publish",
            "messaging.destination.name": destination,
            "messaging.rabbitmq.destination.routing_key": routing_key,
            "messaging.message.id": message_id,
            "messaging.message.body.size": body_size,
        },
    ):  # a failed publish (unroutable, channel closed) ends it with the error recorded
        _inject(headers)
        yield


def _inject(headers: dict[str, Any]) -> None:
    if "traceparent" not in headers and trace.get_current_span().get_span_context().is_valid:
        propagate.inject(headers)  # the current span's context (none when not tracing)


async def in_delivery_context(
    tracer: trace.Tracer | None,
    headers: Headers | None,
    call: Awaitable[None],
    *,
    queue: str,
    message_id: str | None,
) -> None:
    """Await ``call`` (a delivery's handler) in the producer's trace context from the
    message's headers, inside a CONSUMER span of its own when tracing."""
    carrier = trace_headers(headers) if headers and "traceparent" in headers else {}
    if tracer is None and not carrier:  # not traced: the common, cheap case
        await call
        return
    token = otel_context.attach(propagate.extract(carrier)) if carrier else None
    try:
        if tracer is None:
            await call
            return
        attributes = {
            "messaging.system": SYSTEM,
            "messaging.operation.type": "receive",
            "messaging.operation.name": "deliver",
            "messaging.destination.name": queue,
        }
        if message_id:
            attributes["messaging.message.id"] = message_id
        with tracer.start_as_current_span(
            f"deliver {queue}", kind=SpanKind.CONSUMER, attributes=attributes
        ):
            await call
    finally:
        if token is not None:
            otel_context.detach(token)
