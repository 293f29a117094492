"""The root container: the containers per concern, wired together, and the application (the
services bag and the message bus) on top. ``build_container`` chooses the storage backend,
once.

Every provider the entrypoints and tests use is also named here at the top
(``container.broker``, ``container.unit_of_work_factory``, ...), so they need not know which
concern holds it; overriding one (``container.platform_connectors.override(...)``) overrides
it for every provider that depends on it.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dependency_injector import containers, providers

from umt.adapters.exports.report_files import TabularReportFiles
from umt.application.advertising.config import AdReviewConfig
from umt.application.advertising.review import AdReview
from umt.application.agents.progress import JobProgress
from umt.application.analytics.config import AnalyticsConfig
from umt.application.analytics.insights.config import InsightConfig
from umt.application.analytics.insights.detection import InsightDetection
from umt.application.analytics.maintenance import SampleMaintenance
from umt.application.analytics.reports.delivery import ReportDeliveries
from umt.application.analytics.rollup_refresh import RollupRefresh
from umt.application.brand.cached_reader import INVALIDATING_EVENTS, CachedBrandReader
from umt.application.bus import EventHandler, MessageBus
from umt.application.channels.credentials import VaultChannelCredentials
from umt.application.handlers import HANDLERS
from umt.application.metrics.config import MetricSyncConfig
from umt.application.metrics.scheduler import MetricSyncScheduler
from umt.application.services import Services
from umt.domain.analytics.insights.robust import AnomalyRules, Direction
from umt.domain.analytics.insights.trend import TrendRules
from umt.domain.shared.events import DomainEvent
from umt.entrypoints.container.core import Core
from umt.entrypoints.container.generation import Generation
from umt.entrypoints.container.messaging import Messaging
from umt.entrypoints.container.platforms import Platforms
from umt.entrypoints.container.publishing import Publishing
from umt.entrypoints.container.research import research_tools
from umt.entrypoints.container.security import Security
from umt.entrypoints.container.shared_state import SharedState
from umt.entrypoints.container.storage import storage_for
from umt.entrypoints.container.webhooks import Webhooks
from umt.entrypoints.observability.tracing import Telemetry
from umt.entrypoints.settings import Settings
from umt.ports.brand_reader import BrandReader
from umt.ports.cache import Cache

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider


def cached_brand_reader(settings: Settings, reader: BrandReader, cache: Cache) -> BrandReader:
    if settings.cache.ttl_seconds == 0:
        return reader
    return CachedBrandReader(
        reader,
        cache,
        ttl_seconds=settings.cache.ttl_seconds,
        stale_ttl_seconds=settings.cache.stale_seconds,
    )


def event_subscriptions(reader: BrandReader) -> dict[type[DomainEvent], list[EventHandler]]:
    """In-process event handlers: today, cache invalidation."""
    if not isinstance(reader, CachedBrandReader):
        return {}
    return {kind: [reader.invalidate] for kind in INVALIDATING_EVENTS}


def metric_sync_config(settings: Settings) -> MetricSyncConfig:
    return MetricSyncConfig(interval=timedelta(minutes=settings.platforms.metric_sync_minutes))


def analytics_config(settings: Settings) -> AnalyticsConfig:
    section = settings.analytics
    return AnalyticsConfig(
        late_days=section.late_data_days,
        retention_days=section.raw_retention_days,
        partitions_ahead=section.partitions_ahead,
        max_batch_rows=section.max_batch,
    )


def insight_config(settings: Settings) -> InsightConfig:
    section = settings.insights
    return InsightConfig(
        anomaly=AnomalyRules(
            threshold=section.anomaly_threshold,
            min_history=section.anomaly_min_history,
            min_count=section.anomaly_min_count,
            min_change=section.anomaly_min_change,
            direction=Direction(section.anomaly_direction),
        ),
        history_weeks=section.anomaly_history_weeks,
        trend=TrendRules(
            window_days=section.trend_window_days,
            min_t=section.trend_min_t,
            min_change=section.trend_min_change,
        ),
        max_alert_rules=section.max_alert_rules,
    )


def ad_review_config(settings: Settings) -> AdReviewConfig:
    section = settings.platforms
    return AdReviewConfig(
        interval=timedelta(seconds=section.ad_review_seconds),
        band=(Decimal(str(section.ad_pacing_low)), Decimal(str(section.ad_pacing_high))),
    )


def public_base_url(settings: Settings) -> str:
    return settings.http.resolved_public_base_url


class Container(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)

    core: Any = providers.Container(Core, settings=settings)
    clock: Any = core.clock
    ids: Any = core.ids
    breakers: Any = core.breakers
    telemetry: Any = core.telemetry
    tracer: Any = core.tracer
    metrics: Any = core.metrics

    # SqlStorage or MemoryStorage (container/storage.py), plugged in by build_container
    storage: Any = providers.DependenciesContainer()
    backend: Any = storage.backend
    engine: Any = storage.engine
    memory_store: Any = storage.memory_store  # memory:// only
    unit_of_work_factory: Any = storage.unit_of_work_factory
    stored_brand_reader: Any = storage.brand_reader
    job_store: Any = storage.job_store
    message_inbox: Any = storage.message_inbox

    shared: Any = providers.Container(
        SharedState,
        settings=settings,
        telemetry=telemetry,
        breakers=breakers,
        engine=engine,
        local_idempotency_store=storage.idempotency_store,
    )
    cache: Any = shared.cache
    idempotency_store: Any = shared.idempotency_store
    rate_limiter: Any = shared.rate_limiter
    brand_reader: Any = providers.Singleton(
        cached_brand_reader, settings, stored_brand_reader, cache
    )

    security: Any = providers.Container(Security, settings=settings, clock=clock)
    access_tokens: Any = security.access_tokens

    platforms: Any = providers.Container(
        Platforms,
        settings=settings,
        clock=clock,
        sandbox_store=storage.sandbox_store,
        telemetry=telemetry,
    )
    sandbox_network: Any = platforms.sandbox_network
    sandbox_connector: Any = platforms.sandbox_connector
    platform_connectors: Any = platforms.connectors

    webhooks: Any = providers.Container(
        Webhooks,
        settings=settings,
        clock=clock,
        credential_cipher=security.credential_cipher,
        cache=cache,
        unit_of_work_factory=unit_of_work_factory,
    )
    webhook_dispatcher: Any = webhooks.dispatcher
    webhook_sender: Any = webhooks.sending  # the webhook-sender loop's (None: sending is off)

    generation: Any = providers.Container(
        Generation,
        settings=settings,
        breakers=breakers,
        telemetry=telemetry,
        ledger=storage.generation_ledger,
        cache=cache,
        metrics=metrics,
    )
    template_renderer: Any = generation.template_renderer

    messaging: Any = providers.Container(
        Messaging,
        settings=settings,
        clock=clock,
        ids=ids,
        breakers=breakers,
        telemetry=telemetry,
        tracer=tracer,
        job_store=job_store,
        outbox_feed=storage.outbox_feed,
        unit_of_work_factory=unit_of_work_factory,
    )
    broker: Any = messaging.broker
    job_dispatcher: Any = messaging.job_dispatcher
    agent_directory: Any = messaging.agent_directory
    instance_id: Any = messaging.instance_id
    outbox_relay: Any = messaging.outbox_relay
    integration_scheduler: Any = messaging.integration_scheduler
    integration_scheduler_seconds: Any = providers.Callable(
        lambda settings: settings.platforms.integration_scheduler_seconds, settings
    )

    metric_sync: Any = providers.Callable(metric_sync_config, settings)
    metric_sync_scheduler: Any = providers.Singleton(
        MetricSyncScheduler,
        unit_of_work_factory,
        broker,
        platform_connectors,
        clock=clock,
        ids=ids,
        config=metric_sync,
    )
    metric_sync_scheduler_seconds: Any = providers.Callable(
        lambda settings: settings.platforms.metric_sync_scheduler_seconds, settings
    )
    # the analytics context: its settings, and the upkeep of the samples' storage (its loop's)
    analytics: Any = providers.Callable(analytics_config, settings)
    sample_maintenance: Any = providers.Singleton(
        SampleMaintenance, unit_of_work_factory, clock=clock, config=analytics
    )
    sample_maintenance_seconds: Any = providers.Callable(
        lambda settings: settings.analytics.maintenance_seconds, settings
    )
    report_files: Any = providers.Singleton(TabularReportFiles)  # the reports' exports
    rollup_refresh: Any = providers.Singleton(
        RollupRefresh, unit_of_work_factory, clock=clock, config=analytics
    )
    rollup_refresh_seconds: Any = providers.Callable(
        lambda settings: settings.analytics.rollup_refresh_seconds, settings
    )
    # insights: their settings, and the detection (the insight-detection loop's)
    insight_config: Any = providers.Callable(insight_config, settings)
    insight_detection: Any = providers.Singleton(
        InsightDetection,
        unit_of_work_factory,
        clock=clock,
        ids=ids,
        brand_reader=brand_reader,
        config=insight_config,
    )
    insight_detection_seconds: Any = providers.Callable(
        lambda settings: settings.insights.detection_seconds, settings
    )
    # scheduled reports: the report-deliveries loop's
    report_deliveries: Any = providers.Singleton(
        ReportDeliveries,
        unit_of_work_factory,
        clock=clock,
        ids=ids,
        mail_sender=security.mail_sender,
        report_files=report_files,
        config=analytics,
    )
    report_delivery_seconds: Any = providers.Callable(
        lambda settings: settings.analytics.report_delivery_seconds, settings
    )
    # what capability calls on channel accounts act with (any context's handlers and loops)
    channel_credentials: Any = providers.Singleton(
        VaultChannelCredentials,
        uow_factory=unit_of_work_factory,
        credential_cipher=security.vault_cipher,
        platforms=platform_connectors,
        clock=clock,
        integrations=platforms.integrations,
    )
    # the advertising context's review loop: pacing, rules, unfinished launches
    ad_review: Any = providers.Singleton(
        AdReview,
        unit_of_work_factory,
        platform_connectors,
        channel_credentials,
        clock=clock,
        ids=ids,
        config=providers.Callable(ad_review_config, settings),
    )

    publishing: Any = providers.Container(
        Publishing,
        settings=settings,
        clock=clock,
        unit_of_work_factory=unit_of_work_factory,
        connectors=platform_connectors,
        instance_id=instance_id,
        channel_credentials=channel_credentials,
    )
    publishing_dispatch: Any = publishing.config
    publishers: Any = publishing.publishers
    loop_beats: Any = publishing.loop_beats
    publication_ticker: Any = publishing.ticker  # the publication-ticker loop's
    publication_token_check: Any = publishing.token_check  # the publication-token-check loop's
    publication_first_comments: Any = publishing.first_comments  # its loop's

    # competitor research (its fetcher, readers and limits) and where long tasks report
    research: Any = providers.Singleton(research_tools, settings)
    job_progress: Any = providers.Singleton(JobProgress, job_store, clock)

    # the application: what the use cases get, and the bus that runs them
    services: Any = providers.Singleton(
        Services,
        clock=clock,
        ids=ids,
        password_hasher=security.password_hasher,
        password_strength=security.password_strength,
        access_tokens=access_tokens,
        refresh_token_lifetime=security.refresh_token_lifetime,
        brand_reader=brand_reader,
        sign_in_lockout=shared.sign_in_lockout,
        mail_sender=security.mail_sender,
        invitation_lifetime=security.invitation_lifetime,
        public_base_url=providers.Callable(public_base_url, settings),
        webhooks=webhooks.config,
        session_revocations=shared.session_revocations,
        credential_cipher=security.vault_cipher,
        platforms=platform_connectors,
        integrations=platforms.integrations,
        content_generator=generation.content_generator,
        generation=generation.config,
        template_renderer=template_renderer,
        metric_sync=metric_sync,
        analytics=analytics,
        report_files=report_files,
        insight_config=insight_config,
        ad_review_config=providers.Callable(ad_review_config, settings),
        channel_credentials=channel_credentials,
        publishers=publishers,
        publishing_dispatch=publishing_dispatch,
        job_progress=job_progress,
        research=research,
    )
    bus: Any = providers.Singleton(
        MessageBus,
        uow_factory=unit_of_work_factory,
        services=services,
        handlers=HANDLERS,
        event_handlers=providers.Callable(event_subscriptions, brand_reader),
    )


def build_container(
    settings: Settings, *, tracer_provider: TracerProvider | None = None
) -> Container:
    """The container; ``tracer_provider`` replaces the one the settings would build (tests
    pass one with an in-memory exporter)."""
    container = Container(settings=settings)
    storage = storage_for(settings)
    container.storage.override(
        storage(
            settings=container.settings,
            telemetry=container.telemetry,
            ids=container.ids,
            breakers=container.breakers,
        )
    )
    if tracer_provider is not None:
        container.telemetry.override(providers.Object(Telemetry(tracer_provider)))
    return container
