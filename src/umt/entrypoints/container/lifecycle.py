"""Starting and stopping a container's resources (connection pools, clients, worker
processes) with the application's lifespan, and exposing its circuit breakers as metrics."""

from __future__ import annotations

from functools import partial
from typing import Any

from dependency_injector import providers

from umt.entrypoints.container.root import Container


async def start_resources(container: Container) -> None:
    """Open connection pools and other resources (async Resource providers)."""
    pending = container.init_resources()
    if pending is not None:
        await pending
    # Once the async resources are up, every provider can hand out plain objects; without
    # this, anything depending on an async Resource keeps returning Futures.
    provider: Any
    for provider in container.traverse():
        provider.disable_async_mode()
    _register_breaker_metrics(container)


def _register_breaker_metrics(container: Container) -> None:
    """Expose every circuit breaker's state as ``umt_breaker_open{name}``."""
    # the guarded adapters create their breakers when first built: build them now
    for guarded in (
        container.unit_of_work_factory,
        container.stored_brand_reader,
        container.cache,
        container.idempotency_store,
        container.broker,
    ):
        guarded()
    registry = container.breakers()
    gauges = container.metrics().breakers
    for name in registry.states():
        breaker = registry.find(name)
        if breaker is not None:
            gauges.register(name, partial(_is_open, breaker))


def _is_open(breaker: Any) -> bool:
    return bool(breaker.state == "open")


async def stop_resources(container: Container) -> None:
    # start_resources turned async mode off; the async Resources must be shut down in it, or
    # dependency-injector closes their generators without running their cleanup (a RabbitMQ
    # connection left reconnecting, pools left open)
    provider: Any
    for provider in container.traverse(types=[providers.Resource]):
        if provider.initialized:
            provider.enable_async_mode()
    pending = container.shutdown_resources()
    if pending is not None:
        await pending
