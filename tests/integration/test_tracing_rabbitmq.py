"""Trace context across real RabbitMQ: the traceparent AMQP header, and an agent's consumer
span in the trace of the request that sent its task."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator, Sequence

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from tests.support.rabbitmq import TestRabbitMqBroker, rabbitmq_broker
from tests.unit.application.agents.harness import Runtime

from umt.adapters.otel.tracer import OpenTelemetryTracer
from umt.application.agents.catalogue import BRAND_PROJECT
from umt.application.identity.register import Register, RegistrationReceived
from umt.application.messaging.request_reply import RequestReply
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role
from umt.ports.errors import StorageUnavailable
from umt.ports.message_broker import Delivery


@pytest.fixture
async def broker() -> AsyncIterator[TestRabbitMqBroker]:
    broker = await rabbitmq_broker()
    yield broker
    await broker.delete_declared()
    await broker.close()


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def provider(exporter: InMemorySpanExporter) -> TracerProvider:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider


@pytest.fixture
def tracer(provider: TracerProvider) -> OpenTelemetryTracer:
    return OpenTelemetryTracer(provider, system="rabbitmq")


async def registered_owner(runtime: Runtime) -> Principal:
    registration: RegistrationReceived = await runtime.bus.execute(
        Register(email="t@acme.example", password="a long passphrase", organization_name="A")
    )
    account = registration.account
    return Principal.for_member(account.user.id, account.organization.id, Role.OWNER)


async def test_the_traceparent_header_carries_the_producer_s_span(
    broker: TestRabbitMqBroker, tracer: OpenTelemetryTracer
) -> None:
    """A body without ids of its own: only the AMQP header can carry the trace across."""
    agent = f"traced-{uuid.uuid4().hex[:8]}"
    await broker.declare_agent(agent)
    seen: asyncio.Future[trace.SpanContext] = asyncio.get_running_loop().create_future()

    async def handler(delivery: Delivery) -> None:
        seen.set_result(trace.get_current_span().get_span_context())
        await delivery.ack()

    subscription = await broker.consume(agent, handler)
    with tracer.producer("send", destination=agent, message_id="m-1") as ids:
        await broker.publish_task(agent, b"no ids in here")
    async with asyncio.timeout(30):  # generous: a deadline, never waited out when it works
        remote = await seen
    await subscription.stop()
    assert ids is not None
    assert remote.is_remote
    assert f"{remote.trace_id:032x}" == ids.trace_id
    assert f"{remote.span_id:016x}" == ids.span_id


async def test_a_task_answered_by_an_agent_over_rabbitmq_is_one_trace(
    broker: TestRabbitMqBroker, tracer: OpenTelemetryTracer, exporter: InMemorySpanExporter
) -> None:
    runtime = Runtime(broker=broker)
    agent = dataclasses.replace(BRAND_PROJECT, name=f"traced-bp-{uuid.uuid4().hex[:8]}")
    try:
        await runtime.start(agent, tracer=tracer)
        owner = await registered_owner(runtime)
        client = RequestReply(broker, tracer=tracer)
        task = runtime.task("brand.create", owner, input={"name": "Across the broker"})
        response = await client.request(agent.name, task)
        assert response.status == "ok", response
    finally:
        for worker in runtime.workers:  # the fixture closes the broker
            await worker.stop(grace_seconds=1)
    spans = exporter.get_finished_spans()
    (producer,) = [s for s in spans if s.kind is SpanKind.PRODUCER]
    (consumer,) = [s for s in spans if s.kind is SpanKind.CONSUMER]
    assert consumer.context.trace_id == producer.context.trace_id
    assert consumer.parent is not None
    assert consumer.parent.span_id == producer.context.span_id
    assert consumer.attributes is not None
    assert consumer.attributes["messaging.system"] == "rabbitmq"
    # the reply went back in the consumer's trace too (its header names the task's trace)
    assert f"{consumer.context.trace_id:032x}" == response.header.trace_id


async def test_a_closed_broker_fails_its_ping() -> None:
    broker = await rabbitmq_broker()
    await broker.ping()
    await broker.close()
    with pytest.raises(StorageUnavailable):
        await broker.ping()


@pytest.fixture
async def traced(provider: TracerProvider) -> AsyncIterator[TestRabbitMqBroker]:
    """A broker recording its own spans (publish, delivery) into ``exporter``."""
    broker = await rabbitmq_broker(tracer_provider=provider)
    yield broker
    await broker.delete_declared()
    await broker.close()


def named(spans: Sequence[ReadableSpan], kind: SpanKind, name: str) -> ReadableSpan:
    found = [s for s in spans if s.kind is kind and s.name == name]
    assert len(found) == 1, [(s.name, s.kind) for s in spans]
    return found[0]


def parent_of(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


async def test_a_delivery_span_is_a_child_of_the_publish_span(
    traced: TestRabbitMqBroker, exporter: InMemorySpanExporter
) -> None:
    """Published outside any span (as the outbox relay does): the publish starts the trace,
    and the consumer's span continues it from the traceparent header alone."""
    agent = f"traced-{uuid.uuid4().hex[:8]}"
    await traced.declare_agent(agent)
    inside: asyncio.Future[trace.SpanContext] = asyncio.get_running_loop().create_future()

    async def handler(delivery: Delivery) -> None:
        if not inside.done():  # at-least-once: a redelivery changes nothing here
            inside.set_result(trace.get_current_span().get_span_context())
        await delivery.ack()

    subscription = await traced.consume(agent, handler)
    await traced.publish_task(agent, b"no ids in here")
    async with asyncio.timeout(30):  # a deadline, never waited out when it works
        current = await inside
    await subscription.stop()
    spans = exporter.get_finished_spans()
    send = named(spans, SpanKind.PRODUCER, "send umt.tasks")
    deliver = named(spans, SpanKind.CONSUMER, f"deliver umt.agent.{agent}")
    assert send.parent is None
    assert deliver.context.trace_id == send.context.trace_id
    assert parent_of(deliver) == send.context.span_id
    assert current.span_id == deliver.context.span_id  # the handler ran inside it
    assert (send.attributes or {})["messaging.rabbitmq.destination.routing_key"] == agent
    assert (deliver.attributes or {})["messaging.message.id"] == (send.attributes or {})[
        "messaging.message.id"
    ]


async def test_an_agent_s_task_is_one_chain_from_the_request_to_the_processing(
    traced: TestRabbitMqBroker, tracer: OpenTelemetryTracer, exporter: InMemorySpanExporter
) -> None:
    """send <agent> (the envelope's ids) > send umt.tasks (the AMQP publish) > deliver the
    queue > process <agent>: the worker's span under the delivery, not beside it."""
    runtime = Runtime(broker=traced)
    agent = dataclasses.replace(BRAND_PROJECT, name=f"traced-bp-{uuid.uuid4().hex[:8]}")
    try:
        await runtime.start(agent, tracer=tracer)
        owner = await registered_owner(runtime)
        task = runtime.task("brand.create", owner, input={"name": "Chained"})
        response = await RequestReply(traced, tracer=tracer).request(agent.name, task)
        assert response.status == "ok", response
    finally:
        for worker in runtime.workers:
            await worker.stop(grace_seconds=1)
    spans = exporter.get_finished_spans()
    created = named(spans, SpanKind.PRODUCER, f"send {agent.name}")
    published = named(spans, SpanKind.PRODUCER, "send umt.tasks")
    delivered = named(spans, SpanKind.CONSUMER, f"deliver umt.agent.{agent.name}")
    processed = named(spans, SpanKind.CONSUMER, f"process {agent.name}")
    assert parent_of(published) == created.context.span_id
    assert parent_of(delivered) == published.context.span_id
    assert parent_of(processed) == delivered.context.span_id
    assert {s.context.trace_id for s in (created, published, delivered, processed)} == {
        created.context.trace_id
    }
