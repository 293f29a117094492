"""Publishing dispatch: its settings, each platform's publisher behind its own breaker, the
loops' heartbeats and the publication ticker (application/publishing_dispatch)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from dependency_injector import containers, providers

from umt.adapters.resilience.breaker import BreakerConfig, Breakers
from umt.adapters.resilience.publisher import ResilientPublisher, is_platform_outage
from umt.application.agents.loop_beats import LoopBeats
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.publishing_dispatch.first_comment_loop import FirstCommentLoop
from umt.application.publishing_dispatch.ticker import PublicationTicker
from umt.application.publishing_dispatch.token_check import TokenCheck
from umt.domain.integration.platforms import Platform
from umt.entrypoints.settings import Settings
from umt.ports.platform_connector import PlatformConnector
from umt.ports.publisher import Publisher


def dispatch_config(settings: Settings) -> DispatchConfig:
    p = settings.publishing
    return DispatchConfig(
        tick=timedelta(seconds=p.tick_seconds),
        batch=p.batch,
        max_in_flight=p.max_in_flight,
        lease=timedelta(seconds=p.lease_seconds),
        reconcile_delay=timedelta(seconds=p.reconcile_delay_seconds),
        retry_base=timedelta(seconds=p.retry_base_seconds),
        retry_max=timedelta(seconds=max(p.retry_max_seconds, p.retry_base_seconds)),
        max_attempts=p.max_attempts,
        token_check_ahead=timedelta(hours=p.token_check_hours),
        token_check_every=timedelta(minutes=p.token_check_minutes),
    )


def guarded_publishers(
    settings: Settings, connectors: Mapping[Platform, PlatformConnector]
) -> dict[Platform, Publisher]:
    """Every connector that publishes, behind one breaker per platform (``platform:<name>``).
    These breakers are the publish engine's own, apart from the process's: a platform that is
    down must not take the instance out of rotation in ``/health/ready``."""
    publishers: dict[Platform, Publisher] = {
        p: c for p, c in connectors.items() if isinstance(c, Publisher)
    }
    threshold = settings.resilience.breaker_failure_threshold
    if threshold <= 0:
        return publishers
    registry = Breakers(
        BreakerConfig(
            failure_threshold=threshold, reset_seconds=settings.resilience.breaker_reset_seconds
        )
    )
    return {
        platform: ResilientPublisher(
            publisher,
            registry.get(f"platform:{platform.value}", is_failure=is_platform_outage),
        )
        for platform, publisher in publishers.items()
    }


class Publishing(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)
    clock: Any = providers.Dependency()
    unit_of_work_factory: Any = providers.Dependency()
    connectors: Any = providers.Dependency()
    instance_id: Any = providers.Dependency()
    channel_credentials: Any = providers.Dependency()

    config: Any = providers.Callable(dispatch_config, settings)
    publishers: Any = providers.Singleton(guarded_publishers, settings, connectors)
    loop_beats: Any = providers.Singleton(LoopBeats)
    ticker: Any = providers.Singleton(
        PublicationTicker,
        unit_of_work_factory,
        clock=clock,
        config=config,
        owner=providers.Callable(lambda instance: f"ticker:{instance}", instance_id),
        beats=loop_beats,
    )
    token_check: Any = providers.Singleton(
        TokenCheck,
        unit_of_work_factory,
        channel_credentials,
        clock=clock,
        config=config,
        beats=loop_beats,
    )
    first_comments: Any = providers.Singleton(
        FirstCommentLoop,
        unit_of_work_factory,
        publishers,
        channel_credentials,
        clock=clock,
        config=config,
        beats=loop_beats,
    )
