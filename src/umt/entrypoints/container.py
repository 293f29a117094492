"""The composition root: the only module that imports dependency-injector.

It picks adapters from the settings: the embedded defaults (SQLite under ./var) or the real
services (PostgreSQL), and ``memory://`` for a throwaway in-process store. Connection pools are
``Resource`` providers, started and stopped with the application's lifespan.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from umt.adapters.crypto.argon2_hasher import Argon2PasswordHasher
from umt.adapters.crypto.jwt_tokens import JwtAccessTokens
from umt.adapters.crypto.key_ring import AesGcmKeyRing, parse_key_ring
from umt.adapters.httpx.egress import guarded_client
from umt.adapters.httpx.webhook_sender import HttpxWebhookSender
from umt.adapters.jinja.renderer import JinjaTemplateRenderer
from umt.adapters.mail.file_sender import FileMailSender
from umt.adapters.mail.smtp_sender import SmtpConfig, SmtpMailSender
from umt.adapters.memory.brand_reader import InMemoryBrandReader
from umt.adapters.memory.broker import InProcessBroker
from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.memory.idempotency_store import InMemoryIdempotencyStore
from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.memory.outbox_feed import InMemoryOutboxFeed
from umt.adapters.memory.rate_limiter import InMemoryRateLimiter
from umt.adapters.memory.session_revocations import InMemorySessionRevocations
from umt.adapters.memory.sign_in_lockout import InMemorySignInLockout
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryMessageInbox, InMemoryUnitOfWork
from umt.adapters.otel.tracer import OpenTelemetryTracer
from umt.adapters.platforms.business import PlatformAppConfig, business_connectors
from umt.adapters.platforms.connector_support import option_enabled
from umt.adapters.platforms.http import CLIENT_HEADERS as PLATFORM_CLIENT_HEADERS
from umt.adapters.platforms.http import DEFAULT_TIMEOUT as PLATFORM_TIMEOUT
from umt.adapters.platforms.sandbox.connector import DEFAULT_CLIENT_ID, SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import SandboxClient
from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.platforms.sandbox.store import InMemorySandboxStore, SandboxStore
from umt.adapters.platforms.social import social_connectors
from umt.adapters.sql.brand.brand_reader import SqlBrandReader
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.shared.idempotency_store import SqlIdempotencyStore
from umt.adapters.sql.shared.inbox import SqlMessageInbox
from umt.adapters.sql.shared.job_store import SqlJobStore
from umt.adapters.sql.shared.outbox_feed import SqlOutboxFeed
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.clock import SystemClock
from umt.adapters.system.ids import UuidV7Generator
from umt.adapters.zxcvbn.password_strength import ZxcvbnPasswordStrength
from umt.application.agents.catalogue import AGENTS
from umt.application.agents.directory import AgentDirectory
from umt.application.agents.execution import TaskExecutor
from umt.application.agents.host import AgentHost, new_instance_id
from umt.application.agents.jobs import JobDispatcher
from umt.application.agents.worker import AgentWorker
from umt.application.brand.cached_reader import INVALIDATING_EVENTS, CachedBrandReader
from umt.application.bus import EventHandler, MessageBus
from umt.application.handlers import HANDLERS
from umt.application.integration.config import IntegrationConfig
from umt.application.integration.scheduler import IntegrationScheduler
from umt.application.messaging.outbox_relay import OutboxRelay
from umt.application.services import Services
from umt.application.webhooks.config import InboundSecrets, WebhookConfig
from umt.application.webhooks.dispatcher import WebhookDispatcher
from umt.domain.integration.deliveries import RetryPolicy
from umt.domain.integration.platforms import Platform
from umt.domain.shared.events import DomainEvent
from umt.domain.shared.network import NetworkPolicy
from umt.entrypoints import generation, generation_pipeline, guards
from umt.entrypoints.observability.metrics import Metrics
from umt.entrypoints.observability.tracing import (
    Telemetry,
    instrument_engine,
    instrument_redis,
    telemetry,
)
from umt.entrypoints.settings import Settings
from umt.ports.brand_reader import BrandReader
from umt.ports.cache import Cache
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.id_generator import IdGenerator
from umt.ports.idempotency_store import IdempotencyStore
from umt.ports.job_store import JobStore
from umt.ports.mail_sender import MailSender
from umt.ports.message_broker import MessageBroker
from umt.ports.message_inbox import MessageInbox
from umt.ports.outbox_feed import OutboxFeed
from umt.ports.platform_connector import PlatformConnector
from umt.ports.rate_limiter import RateLimiter
from umt.ports.session_revocations import SessionRevocations
from umt.ports.sign_in_lockout import LockoutPolicy, SignInLockout
from umt.ports.tracer import Tracer
from umt.ports.unit_of_work import UnitOfWork
from umt.ports.webhook_sender import WebhookSender

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from redis.asyncio import Redis

# The clients of the real services (Redis, RabbitMQ) are imported by the providers that the
# settings select, not here: an embedded process never loads them (redis alone pulls in the
# OpenTelemetry metrics SDK). docs/benchmarks.md has the start-up footprint.

MEMORY_URL = "memory://"
IDLE_ENGINE_URL = "sqlite+aiosqlite://"


async def brand_reader(
    settings: Settings, engine: AsyncEngine, store: InMemoryStore
) -> AsyncIterator[BrandReader]:
    """The read side of brands, with its own pool on PostgreSQL, closed at shutdown."""
    if storage_backend(settings) == "memory":
        yield InMemoryBrandReader(store)
        return
    reader = SqlBrandReader(engine, pool_size=settings.database_pool_size)
    try:
        yield reader
    finally:
        await reader.close()


def storage_backend(settings: Settings) -> str:
    return "memory" if settings.resolved_database_url.startswith(MEMORY_URL) else "sql"


async def sql_engine(settings: Settings, telemetry: Telemetry) -> AsyncIterator[AsyncEngine]:
    """The database engine (connection pool), disposed when the application stops."""
    # memory:// still gets an (unused, never connected) engine: a Resource must not be None
    url = (
        IDLE_ENGINE_URL if storage_backend(settings) == "memory" else settings.resolved_database_url
    )
    # A fixed-size pool: overflow connections are closed on return, and reopening them (TLS
    # negotiation included) under load cost more than waiting for a pooled one.
    engine = create_engine(url, pool_size=settings.database_pool_size, max_overflow=0)
    instrument_engine(engine, telemetry)
    try:
        yield engine
    finally:
        await engine.dispose()


def unit_of_work_factory(
    backend: str, engine: AsyncEngine, store: InMemoryStore, ids: IdGenerator
) -> Callable[[], UnitOfWork]:
    """Chosen once: a unit of work per message must not pay for a provider lookup."""
    if backend == "memory":
        return partial(InMemoryUnitOfWork, store, ids)
    return partial(SqlUnitOfWork, engine, ids)


ACCESS_TOKEN_LEEWAY_SECONDS = 5  # clock skew tolerated between the issuer and the verifier


def access_tokens(settings: Settings, clock: SystemClock) -> JwtAccessTokens:
    return JwtAccessTokens(
        clock=clock,
        secret=settings.resolved_jwt_secret(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        lifetime=timedelta(minutes=settings.access_token_minutes),
        algorithm=settings.jwt_algorithm,
        leeway_seconds=ACCESS_TOKEN_LEEWAY_SECONDS,
    )


def credential_cipher(settings: Settings) -> AesGcmKeyRing:
    """The credential vault's cipher over the configured key ring (the last key is current)."""
    return AesGcmKeyRing(parse_key_ring(settings.resolved_credential_keys()))


def vault_cipher(settings: Settings) -> AesGcmKeyRing | None:
    """The cipher the integration use cases get: None in production without
    UMT_CREDENTIAL_KEYS, so the rest of the service starts and connecting a platform answers
    that integrations are not configured (an invalid ring still fails at start-up)."""
    if settings.credential_keys is None and settings.is_production:
        return None
    return credential_cipher(settings)


async def platform_connectors(
    settings: Settings, clock: SystemClock, sandbox: SandboxConnector
) -> AsyncIterator[dict[Platform, PlatformConnector]]:
    """The registry of platform connectors: the sandbox (the embedded default, always there)
    and every platform with an app in UMT_PLATFORM_APPS (an unconfigured platform is left out
    and GET /api/v1/platforms says so; the form platforms need no app). One HTTP client with
    bounded timeouts, through the egress guard, serves them all and is closed at shutdown."""
    client = guarded_client(
        platform_network_policy(settings),
        timeout=PLATFORM_TIMEOUT,
        headers=PLATFORM_CLIENT_HEADERS,
    )
    apps = {
        name: PlatformAppConfig(
            client_id=app.client_id,
            client_secret=app.client_secret.get_secret_value(),
            api_base_url=app.api_base_url,
            auth_base_url=app.auth_base_url,
            options=app.options,
        )
        for name, app in settings.platform_apps.items()
    }
    registry: dict[Platform, PlatformConnector] = {Platform.SANDBOX: sandbox}
    registry |= social_connectors(client, settings.platform_apps, clock.now)
    registry |= business_connectors(client, apps, clock.now)
    try:
        yield registry
    finally:
        await client.aclose()


def platform_network_policy(settings: Settings) -> NetworkPolicy:
    """Where the platform client may connect: public addresses, plus the hosts of the
    endpoint overrides the operator configured (a proxy, a regional host, a fake server), plus
    every private address when the WordPress app allows private sites (the site address is
    the only one a user gives; the other endpoints are fixed or configured)."""
    wordpress = settings.platform_apps.get(Platform.WORDPRESS.value)
    allow_private = wordpress is not None and option_enabled(
        wordpress.options, "allow_private_hosts"
    )
    configured = [
        url
        for app in settings.platform_apps.values()
        for url in (app.api_base_url, app.auth_base_url)
    ]
    return NetworkPolicy.trusting(configured, allow_private=allow_private)


def integration_config(settings: Settings) -> IntegrationConfig:
    return IntegrationConfig(
        public_base_url=settings.resolved_public_base_url,
        return_url=settings.integrations_return_url or None,
        state_ttl=timedelta(minutes=settings.oauth_state_minutes),
        refresh_ahead=timedelta(minutes=settings.token_refresh_ahead_minutes),
        health_check_interval=timedelta(minutes=settings.health_check_minutes),
    )


def refresh_lifetime(settings: Settings) -> timedelta:
    return timedelta(days=settings.refresh_token_days)


def redis_client(settings: Settings, *, timeout_seconds: float) -> Redis:
    """A client of ``UMT_REDIS_URL`` (imported here: only a process using Redis loads it)."""
    from redis.asyncio import Redis

    return Redis.from_url(
        settings.redis_url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
    )


async def idempotency_store(
    settings: Settings, engine: AsyncEngine, telemetry: Telemetry
) -> AsyncIterator[IdempotencyStore]:
    """Redis when UMT_REDIS_URL is set, else the PostgreSQL database when that is the store
    (both shared by every instance), else in-process memory (the embedded default)."""
    if not settings.redis_url:
        if engine.dialect.name == "postgresql":
            yield SqlIdempotencyStore(engine)
        else:
            yield InMemoryIdempotencyStore()
        return
    from umt.adapters.redis.idempotency_store import RedisIdempotencyStore

    client = redis_client(settings, timeout_seconds=5)
    instrument_redis(client, telemetry)
    try:
        yield RedisIdempotencyStore(client)
    finally:
        await client.aclose()


async def cache(settings: Settings, telemetry: Telemetry) -> AsyncIterator[Cache]:
    """Redis when UMT_REDIS_URL is set (invalidations reach every instance), else in-process."""
    if not settings.redis_url:
        yield InMemoryCache()
        return
    from umt.adapters.redis.cache import RedisCache

    client = redis_client(settings, timeout_seconds=2)
    instrument_redis(client, telemetry)
    try:
        yield RedisCache(client)
    finally:
        await client.aclose()


def cached_brand_reader(settings: Settings, reader: BrandReader, cache: Cache) -> BrandReader:
    if settings.cache_ttl_seconds == 0:
        return reader
    return CachedBrandReader(
        reader,
        cache,
        ttl_seconds=settings.cache_ttl_seconds,
        stale_ttl_seconds=settings.cache_stale_seconds,
    )


def event_subscriptions(reader: BrandReader) -> dict[type[DomainEvent], list[EventHandler]]:
    """In-process event handlers: today, cache invalidation."""
    if not isinstance(reader, CachedBrandReader):
        return {}
    return {kind: [reader.invalidate] for kind in INVALIDATING_EVENTS}


async def message_broker(settings: Settings) -> AsyncIterator[MessageBroker]:
    """RabbitMQ when UMT_BROKER_URL is set, else the in-process broker (embedded default)."""
    broker: MessageBroker
    if settings.broker_url:
        from umt.adapters.rabbitmq.broker import RabbitMqBroker

        broker = await RabbitMqBroker.connect(settings.broker_url)
    else:
        broker = InProcessBroker()
    try:
        yield broker
    finally:
        await broker.close()


def messaging_tracer(settings: Settings, telemetry: Telemetry) -> Tracer | None:
    """Spans around tasks crossing the broker, or None (no span at all) when tracing is off."""
    if telemetry.provider is None:
        return None
    system = "in_process" if settings.uses_in_process_broker else "rabbitmq"
    return OpenTelemetryTracer(telemetry.provider, system=system)


def message_inbox(backend: str, engine: AsyncEngine, store: InMemoryStore) -> MessageInbox:
    return InMemoryMessageInbox(store) if backend == "memory" else SqlMessageInbox(engine)


def outbox_feed(backend: str, engine: AsyncEngine, store: InMemoryStore) -> OutboxFeed:
    return InMemoryOutboxFeed(store) if backend == "memory" else SqlOutboxFeed(engine)


def job_store(backend: str, engine: AsyncEngine) -> JobStore:
    return InMemoryJobStore() if backend == "memory" else SqlJobStore(engine)


async def rate_limiter(settings: Settings) -> AsyncIterator[RateLimiter | None]:
    """Redis when configured (limits shared by every instance), else process memory."""
    if not settings.rate_limits:
        yield None
        return
    if not settings.redis_url:
        yield InMemoryRateLimiter()
        return
    from umt.adapters.redis.rate_limiter import RedisRateLimiter

    client = redis_client(settings, timeout_seconds=2)
    try:
        yield RedisRateLimiter(client)
    finally:
        await client.aclose()


async def sandbox_network(settings: Settings, clock: SystemClock) -> AsyncIterator[SandboxNetwork]:
    """The built-in sandbox platform: in memory with ``memory://``, else kept in
    ``<data_dir>/sandbox.sqlite3`` (opened on first use), whatever database umt uses."""
    store: SandboxStore
    if storage_backend(settings) == "memory":
        store = InMemorySandboxStore()
    else:
        store = SqliteSandboxStore(settings.data_dir / "sandbox.sqlite3")
    umt_client = SandboxClient(
        client_id=DEFAULT_CLIENT_ID,
        name="umt",
        redirect_uris=settings.allowed_sandbox_redirect_uris,
    )
    try:
        yield SandboxNetwork(store, clock, seed=settings.sandbox_seed, clients=(umt_client,))
    finally:
        await store.close()


async def template_renderer(settings: Settings) -> AsyncIterator[JinjaTemplateRenderer]:
    """Templates render in worker processes, started on first use and ended at shutdown."""
    renderer = JinjaTemplateRenderer(
        workers=settings.template_workers,
        cpu_seconds=settings.template_cpu_seconds,
        memory_mb=settings.template_memory_mb,
    )
    try:
        yield renderer
    finally:
        await asyncio.to_thread(renderer.close)  # waits for the workers to exit


def sandbox_connector(settings: Settings, network: SandboxNetwork) -> SandboxConnector:
    return SandboxConnector(network, public_base_url=settings.resolved_public_base_url)


async def sign_in_lockout(settings: Settings) -> AsyncIterator[SignInLockout | None]:
    """Redis when configured (one count per email across instances), else process memory."""
    if settings.sign_in_lockout_threshold == 0:
        yield None
        return
    policy = LockoutPolicy(
        threshold=settings.sign_in_lockout_threshold,
        base_seconds=settings.sign_in_lockout_base_seconds,
        max_seconds=settings.sign_in_lockout_max_seconds,
        window_seconds=settings.sign_in_lockout_window_seconds,
    )
    if not settings.redis_url:
        yield InMemorySignInLockout(policy)
        return
    from umt.adapters.redis.sign_in_lockout import RedisSignInLockout

    client = redis_client(settings, timeout_seconds=2)
    try:
        yield RedisSignInLockout(client, policy)
    finally:
        await client.aclose()


async def session_revocations(
    settings: Settings, telemetry: Telemetry
) -> AsyncIterator[SessionRevocations]:
    """Redis when configured (a logout on one instance refuses the token on all), else process
    memory. Entries live as long as the access tokens they refuse, plus the verifier's leeway."""
    ttl = settings.access_token_minutes * 60 + ACCESS_TOKEN_LEEWAY_SECONDS
    if not settings.redis_url:
        yield InMemorySessionRevocations(ttl_seconds=ttl)
        return
    from umt.adapters.redis.session_revocations import RedisSessionRevocations

    client = redis_client(settings, timeout_seconds=2)
    instrument_redis(client, telemetry)
    try:
        yield RedisSessionRevocations(client, ttl_seconds=ttl)
    finally:
        await client.aclose()


def mail_sender(settings: Settings) -> MailSender:
    """SMTP when UMT_MAIL_BACKEND=smtp, else .eml files under <data_dir>/mail/."""
    if settings.mail_backend == "smtp":
        password = settings.smtp_password
        return SmtpMailSender(
            SmtpConfig(
                host=settings.smtp_host,
                port=settings.smtp_port,
                sender=settings.mail_from,
                security=settings.smtp_security,
                username=settings.smtp_username,
                password=password.get_secret_value() if password is not None else "",
                timeout_seconds=settings.smtp_timeout_seconds,
            )
        )
    return FileMailSender(settings.data_dir / "mail", sender=settings.mail_from)


def invitation_lifetime(settings: Settings) -> timedelta:
    return timedelta(days=settings.invitation_days)


def webhook_config(
    settings: Settings, cipher: Callable[[], CredentialCipher], cache: Cache
) -> WebhookConfig:
    """Webhook secrets and policy; the cipher is built on first use (production refuses to
    start it without UMT_CREDENTIAL_KEYS, and only webhook subscriptions need it here)."""

    def secret(value: Any) -> str | None:
        return value.get_secret_value() if value is not None else None

    return WebhookConfig(
        cipher=cipher,
        replay_cache=cache,
        inbound=InboundSecrets(
            meta_app_secret=secret(settings.webhook_meta_app_secret),
            meta_verify_token=secret(settings.webhook_meta_verify_token),
            x_consumer_secret=secret(settings.webhook_x_consumer_secret),
            linkedin_client_secret=secret(settings.webhook_linkedin_client_secret),
            hubspot_client_secret=secret(settings.webhook_hubspot_client_secret),
            tiktok_client_secret=secret(settings.webhook_tiktok_client_secret),
            mailchimp_secret=secret(settings.webhook_mailchimp_secret),
            sandbox_secret=secret(settings.webhook_sandbox_secret),
        ),
        tolerance_seconds=settings.webhook_tolerance_seconds,
        allow_private_urls=settings.webhook_allow_private_urls,
        retry=RetryPolicy(
            max_attempts=settings.webhook_max_attempts,
            base_seconds=settings.webhook_retry_base_seconds,
            max_seconds=settings.webhook_retry_max_seconds,
        ),
        public_base_url=settings.webhook_public_url,
    )


async def webhook_sender(settings: Settings) -> AsyncIterator[WebhookSender]:
    """httpx with the delivery timeout; its connection pool is closed at shutdown."""
    sender = HttpxWebhookSender(
        timeout_seconds=settings.webhook_timeout_seconds,
        allow_private=settings.webhook_allow_private_urls,
    )
    try:
        yield sender
    finally:
        await sender.close()


def webhook_dispatcher(
    settings: Settings,
    uow_factory: Callable[[], UnitOfWork],
    sender: WebhookSender,
    config: WebhookConfig,
    clock: SystemClock,
) -> WebhookDispatcher:
    return WebhookDispatcher(
        uow_factory,
        sender,
        config,
        clock,
        idle_seconds=settings.webhook_poll_seconds,
        # a lease outlives any one attempt: a sender that died releases its rows after it
        lease_seconds=settings.webhook_timeout_seconds * 2 + 30,
    )


class Container(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)

    clock: Any = providers.Singleton(SystemClock)
    ids: Any = providers.Singleton(UuidV7Generator)
    telemetry: Any = providers.Resource(telemetry, settings)
    tracer: Any = providers.Singleton(messaging_tracer, settings, telemetry)
    metrics: Any = providers.Singleton(Metrics)
    password_hasher: Any = providers.Singleton(Argon2PasswordHasher)
    password_strength: Any = providers.Singleton(ZxcvbnPasswordStrength)
    access_tokens: Any = providers.Singleton(access_tokens, settings, clock)
    credential_cipher: Any = providers.Singleton(credential_cipher, settings)
    raw_rate_limiter: Any = providers.Resource(rate_limiter, settings)
    sign_in_lockout: Any = providers.Resource(sign_in_lockout, settings)
    mail_sender: Any = providers.Singleton(mail_sender, settings)
    raw_session_revocations: Any = providers.Resource(session_revocations, settings, telemetry)

    engine: Any = providers.Resource(sql_engine, settings, telemetry)
    memory_store: Any = providers.Singleton(InMemoryStore)
    # resilience (entrypoints/guards.py): breakers and retries wrap each external dependency
    breakers: Any = providers.Resource(guards.breakers, settings)
    rate_limiter: Any = providers.Singleton(
        guards.guarded_rate_limiter, settings, raw_rate_limiter, breakers
    )
    session_revocations: Any = providers.Singleton(
        guards.guarded_session_revocations, settings, raw_session_revocations, breakers
    )
    raw_idempotency_store: Any = providers.Resource(idempotency_store, settings, engine, telemetry)
    idempotency_store: Any = providers.Singleton(
        guards.guarded_idempotency_store, settings, engine, raw_idempotency_store, breakers
    )

    raw_brand_reader: Any = providers.Resource(brand_reader, settings, engine, memory_store)
    stored_brand_reader: Any = providers.Singleton(
        guards.guarded_brand_reader, settings, engine, raw_brand_reader, breakers
    )
    raw_cache: Any = providers.Resource(cache, settings, telemetry)
    cache: Any = providers.Singleton(guards.guarded_cache, settings, raw_cache, breakers)
    brand_reader: Any = providers.Singleton(
        cached_brand_reader, settings, stored_brand_reader, cache
    )
    backend: Any = providers.Callable(storage_backend, settings)
    raw_unit_of_work_factory: Any = providers.Callable(
        unit_of_work_factory, backend, engine, memory_store, ids
    )
    unit_of_work_factory: Any = providers.Singleton(
        guards.guarded_unit_of_work_factory, settings, engine, raw_unit_of_work_factory, breakers
    )

    webhook_config: Any = providers.Singleton(
        webhook_config, settings, credential_cipher.provider, cache
    )
    # the sandbox platform (docs/sandbox.md); the connector registry takes sandbox_connector
    sandbox_network: Any = providers.Resource(sandbox_network, settings, clock)
    sandbox_connector: Any = providers.Singleton(sandbox_connector, settings, sandbox_network)
    # the platform connector registry (tests override it with a fake platform)
    platform_connectors: Any = providers.Resource(
        platform_connectors, settings, clock, sandbox_connector
    )
    # content generation (entrypoints/generation.py): primary > fallback > offline
    content_generator: Any = providers.Resource(generation.content_generator, settings, breakers)
    template_renderer: Any = providers.Resource(template_renderer, settings)
    generation_config: Any = providers.Singleton(
        generation_pipeline.generation_config, settings, backend, engine, cache
    )
    services: Any = providers.Singleton(
        Services,
        clock=clock,
        ids=ids,
        password_hasher=password_hasher,
        password_strength=password_strength,
        access_tokens=access_tokens,
        refresh_token_lifetime=providers.Callable(refresh_lifetime, settings),
        brand_reader=brand_reader,
        sign_in_lockout=sign_in_lockout,
        mail_sender=mail_sender,
        invitation_lifetime=providers.Callable(invitation_lifetime, settings),
        public_base_url=providers.Callable(lambda s: s.resolved_public_base_url, settings),
        webhooks=webhook_config,
        session_revocations=session_revocations,
        credential_cipher=providers.Singleton(vault_cipher, settings),
        platforms=platform_connectors,
        integrations=providers.Callable(integration_config, settings),
        content_generator=content_generator,
        generation=generation_config,
        template_renderer=template_renderer,
    )
    bus: Any = providers.Singleton(
        MessageBus,
        uow_factory=unit_of_work_factory,
        services=services,
        handlers=HANDLERS,
        event_handlers=providers.Callable(event_subscriptions, brand_reader),
    )

    raw_broker: Any = providers.Resource(message_broker, settings)
    broker: Any = providers.Singleton(guards.guarded_broker, settings, raw_broker, breakers)
    job_store: Any = providers.Singleton(job_store, backend, engine)
    message_inbox: Any = providers.Singleton(message_inbox, backend, engine, memory_store)
    job_dispatcher: Any = providers.Singleton(
        JobDispatcher, broker, job_store, clock=clock, ids=ids, tracer=tracer
    )
    agent_directory: Any = providers.Singleton(
        AgentDirectory,
        clock,
        stale_after_seconds=providers.Callable(lambda s: s.agent_stale_seconds, settings),
    )
    instance_id: Any = providers.Singleton(new_instance_id)
    outbox_feed: Any = providers.Singleton(outbox_feed, backend, engine, memory_store)
    outbox_relay: Any = providers.Singleton(OutboxRelay, outbox_feed, broker, clock)
    webhook_sender: Any = providers.Resource(webhook_sender, settings)
    webhook_dispatcher: Any = providers.Singleton(
        webhook_dispatcher, settings, unit_of_work_factory, webhook_sender, webhook_config, clock
    )

    integration_scheduler: Any = providers.Singleton(
        IntegrationScheduler, unit_of_work_factory, broker, clock=clock, ids=ids
    )


def agent_host(
    container: Container, names: Sequence[str] | None = None, *, concurrency: int | None = None
) -> AgentHost:
    """Workers for the named agents (all five by default), sharing this process's adapters."""
    settings: Settings = container.settings()
    workers = []
    for name in names or list(AGENTS):
        agent = AGENTS[name]
        executor = TaskExecutor(
            agent,
            container.bus(),
            idempotency=container.idempotency_store(),
            inbox=container.message_inbox(),
            jobs=container.job_store(),
            clock=container.clock(),
            result_ttl_seconds=settings.idempotency_ttl_seconds,
        )
        workers.append(
            AgentWorker(
                agent,
                container.broker(),
                executor,
                services=container.services(),
                uow_factory=container.unit_of_work_factory(),
                clock=container.clock(),
                ids=container.ids(),
                jobs=container.job_store(),
                instance_id=container.instance_id(),
                concurrency=concurrency or settings.agent_concurrency,
                heartbeat_seconds=settings.heartbeat_seconds,
                tracer=container.tracer(),
                observer=container.metrics().observe_task,
            )
        )
    return AgentHost(workers)


def build_container(
    settings: Settings, *, tracer_provider: TracerProvider | None = None
) -> Container:
    """The container; ``tracer_provider`` replaces the one the settings would build (tests
    pass one with an in-memory exporter)."""
    container = Container(settings=settings)
    if tracer_provider is not None:
        container.telemetry.override(providers.Object(Telemetry(tracer_provider)))
    return container


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
