"""Tracing set-up: a TracerProvider chosen by the settings, and the instrumentation of the
database engine and the Redis clients when tracing is on.

With ``UMT_OTEL_EXPORTER=none`` (the default) there is no provider at all: the application's
Tracer port is ``None`` and no span is started anywhere (not even a no-op one). The provider
is per process, not installed globally, so several apps in one process (tests) stay apart;
W3C propagation uses the API's global propagator, which needs no provider.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from umt.adapters.sql.asyncio_package import AsyncEngine
from umt.entrypoints.settings import OtelExporter, Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

# The SDK and the instrumentations (about 30 MiB with what they pull in) are imported by the
# functions below only when tracing is on: a process with the default UMT_OTEL_EXPORTER=none
# never loads them.


@dataclass(frozen=True, slots=True)
class Telemetry:
    """The process's tracer provider, or ``None`` when tracing is off."""

    provider: TracerProvider | None = None

    @property
    def enabled(self) -> bool:
        return self.provider is not None


def build_provider(settings: Settings) -> TracerProvider | None:
    if settings.observability.otel_exporter is OtelExporter.NONE:
        return None
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        ConsoleSpanExporter,
        SimpleSpanProcessor,
    )

    provider = TracerProvider(
        resource=Resource.create({"service.name": settings.observability.otel_service_name})
    )
    if settings.observability.otel_exporter is OtelExporter.CONSOLE:
        provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
    else:
        # imported here: the OTLP exporter pulls in protobuf, which only this choice needs
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=settings.observability.otel_endpoint or None)
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


async def telemetry(settings: Settings) -> AsyncIterator[Telemetry]:
    """Resource provider: the tracer provider, flushed and shut down with the process."""
    provider = build_provider(settings)
    try:
        yield Telemetry(provider)
    finally:
        if provider is not None:
            provider.shutdown()


def instrument_engine(engine: AsyncEngine, telemetry: Telemetry) -> None:
    """SQL spans for the statements that go through SQLAlchemy (on PostgreSQL, the asyncpg
    prepared statements of the hot paths bypass it and have no span of their own)."""
    if telemetry.provider is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import NoOpMeterProvider

    tracer = telemetry.provider.get_tracer("opentelemetry.instrumentation.sqlalchemy")
    usage = NoOpMeterProvider().get_meter("umt").create_up_down_counter("db.client.connections")
    EngineTracer(tracer, engine.sync_engine, usage)  # type: ignore[no-untyped-call]  # unannotated library


def instrument_redis(client: Any, telemetry: Telemetry) -> None:
    """A span per Redis command of this client."""
    if telemetry.provider is not None:
        from opentelemetry.instrumentation.redis import RedisInstrumentor

        RedisInstrumentor.instrument_client(client, tracer_provider=telemetry.provider)
