"""The message broker and what runs on it: jobs, the agents' directory, the outbox relay and
the integration scheduler. RabbitMQ is imported only when ``UMT_BROKER_URL`` selects it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from dependency_injector import containers, providers

from umt.adapters.memory.broker import InProcessBroker
from umt.application.agents.directory import AgentDirectory
from umt.application.agents.host import new_instance_id
from umt.application.agents.jobs import JobDispatcher
from umt.application.integration.scheduler import IntegrationScheduler
from umt.application.messaging.outbox_relay import OutboxRelay
from umt.entrypoints.container import resilience
from umt.entrypoints.observability.tracing import Telemetry
from umt.entrypoints.settings import Settings
from umt.ports.message_broker import MessageBroker


async def message_broker(
    settings: Settings, telemetry: Telemetry | None = None
) -> AsyncIterator[MessageBroker]:
    """RabbitMQ when UMT_BROKER_URL is set, else the in-process broker (embedded default).
    With tracing on, RabbitMQ records a span per publish and per delivery."""
    broker: MessageBroker
    if settings.broker.url:
        from umt.adapters.rabbitmq.broker import RabbitMqBroker

        provider = None if telemetry is None else telemetry.provider
        broker = await RabbitMqBroker.connect(settings.broker.url, tracer_provider=provider)
    else:
        broker = InProcessBroker()
    try:
        yield broker
    finally:
        await broker.close()


def stale_after_seconds(settings: Settings) -> float:
    return settings.broker.agent_stale_seconds


class Messaging(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)
    clock: Any = providers.Dependency()
    ids: Any = providers.Dependency()
    breakers: Any = providers.Dependency()
    telemetry: Any = providers.Dependency()
    tracer: Any = providers.Dependency()
    job_store: Any = providers.Dependency()
    outbox_feed: Any = providers.Dependency()
    unit_of_work_factory: Any = providers.Dependency()

    broker: Any = providers.Singleton(
        resilience.guarded_broker,
        settings,
        providers.Resource(message_broker, settings, telemetry),
        breakers,
    )
    job_dispatcher: Any = providers.Singleton(
        JobDispatcher, broker, job_store, clock=clock, ids=ids, tracer=tracer
    )
    agent_directory: Any = providers.Singleton(
        AgentDirectory,
        clock,
        stale_after_seconds=providers.Callable(stale_after_seconds, settings),
    )
    instance_id: Any = providers.Singleton(new_instance_id)
    outbox_relay: Any = providers.Singleton(OutboxRelay, outbox_feed, broker, clock)
    integration_scheduler: Any = providers.Singleton(
        IntegrationScheduler, unit_of_work_factory, broker, clock=clock, ids=ids
    )
