"""What every other container uses: time, ids, the circuit breakers, and observability
(traces and metrics)."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from umt.adapters.otel.tracer import OpenTelemetryTracer
from umt.adapters.system.clock import SystemClock
from umt.adapters.system.ids import UuidV7Generator
from umt.entrypoints.container import resilience
from umt.entrypoints.observability.metrics import Metrics
from umt.entrypoints.observability.tracing import Telemetry, telemetry
from umt.entrypoints.settings import Settings
from umt.ports.tracer import Tracer


def messaging_tracer(settings: Settings, telemetry: Telemetry) -> Tracer | None:
    """Spans around tasks crossing the broker, or None (no span at all) when tracing is off."""
    if telemetry.provider is None:
        return None
    system = "in_process" if settings.broker.in_process else "rabbitmq"
    return OpenTelemetryTracer(telemetry.provider, system=system)


class Core(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)

    clock: Any = providers.Singleton(SystemClock)
    ids: Any = providers.Singleton(UuidV7Generator)
    # resilience (container/resilience.py): breakers and retries wrap each external dependency
    breakers: Any = providers.Resource(resilience.breakers, settings)
    # build_container overrides telemetry when a test hands in its own tracer provider
    telemetry: Any = providers.Resource(telemetry, settings)
    tracer: Any = providers.Singleton(messaging_tracer, settings, telemetry)
    metrics: Any = providers.Singleton(Metrics)
