"""Wiring of the resilience wrappers: one helper per guarded dependency, used by the
containers (this module imports no dependency-injector: plain functions, testable alone).

Which dependency gets which breaker:
- ``database``: PostgreSQL, for the unit of work, the brand reader and (without Redis) the
  idempotency store. SQLite and ``memory://`` are in-process and get none: "database is
  locked" under write contention must not open a breaker over the whole embedded service.
- ``redis``: the cache, the idempotency store, the rate limiter and the session revocations when
  ``UMT_REDIS_URL`` is set.
- ``broker``: message publishing (``guarded_broker``, for the agent runtime's wiring).
- ``openai`` and ``openai-fallback``: the model-backed content generators (container/
  content_generator.py); the offline generator needs none.
``UMT_BREAKER_FAILURE_THRESHOLD=0`` turns breakers off; ``UMT_RETRY_ATTEMPTS=1`` retries.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace

from umt.adapters.resilience.brand_reader import ResilientBrandReader
from umt.adapters.resilience.breaker import BreakerConfig, Breakers
from umt.adapters.resilience.broker import ResilientBroker
from umt.adapters.resilience.cache import ResilientCache
from umt.adapters.resilience.content_generator import ResilientContentGenerator
from umt.adapters.resilience.idempotency_store import ResilientIdempotencyStore
from umt.adapters.resilience.outages import is_broker_outage
from umt.adapters.resilience.rate_limiter import ResilientRateLimiter
from umt.adapters.resilience.retry import RetryPolicy
from umt.adapters.resilience.session_revocations import ResilientSessionRevocations
from umt.adapters.resilience.shared_state import RedisBreakerState
from umt.adapters.resilience.unit_of_work import ResilientUnitOfWorkFactory
from umt.adapters.sql.asyncio_package import AsyncEngine
from umt.entrypoints.settings import Settings
from umt.ports.brand_reader import BrandReader
from umt.ports.cache import Cache
from umt.ports.content_generator import ContentGenerator
from umt.ports.idempotency_store import IdempotencyStore
from umt.ports.message_broker import MessageBroker
from umt.ports.rate_limiter import RateLimiter
from umt.ports.session_revocations import SessionRevocations
from umt.ports.unit_of_work import UnitOfWork

# Breaker state reads and writes run in background tasks; a slow Redis must not pile them up.
SHARED_STATE_TIMEOUT_SECONDS = 0.5


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        attempts=settings.resilience.retry_attempts,
        base_delay=settings.resilience.retry_base_delay_ms / 1000,
        max_delay=settings.resilience.retry_max_delay_ms / 1000,
    )


async def breakers(settings: Settings) -> AsyncIterator[Breakers]:
    """The process's breakers; their open state is shared through Redis when configured."""
    config = BreakerConfig(
        failure_threshold=settings.resilience.breaker_failure_threshold,
        reset_seconds=settings.resilience.breaker_reset_seconds,
        sync_interval=settings.resilience.breaker_sync_ms / 1000,
    )
    if settings.cache.redis_url:  # only then: redis is 13 MiB of a process that does not use it
        from redis.asyncio import Redis
    client = (
        Redis.from_url(
            settings.cache.redis_url,
            socket_timeout=SHARED_STATE_TIMEOUT_SECONDS,
            socket_connect_timeout=SHARED_STATE_TIMEOUT_SECONDS,
        )
        if settings.cache.redis_url
        else None
    )
    registry = Breakers(config, shared=RedisBreakerState(client) if client else None)
    try:
        yield registry
    finally:
        await registry.close()
        if client is not None:
            await client.aclose()


def _enabled(settings: Settings) -> bool:
    return settings.resilience.breaker_failure_threshold > 0


def _networked_database(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


def guarded_unit_of_work_factory(
    settings: Settings,
    engine: AsyncEngine,
    factory: Callable[[], UnitOfWork],
    registry: Breakers,
) -> Callable[[], UnitOfWork]:
    if not (_enabled(settings) and _networked_database(engine)):
        return factory
    return ResilientUnitOfWorkFactory(factory, registry.get("database"), retry_policy(settings))


def guarded_brand_reader(
    settings: Settings, engine: AsyncEngine, reader: BrandReader, registry: Breakers
) -> BrandReader:
    if not (_enabled(settings) and _networked_database(engine)):
        return reader
    return ResilientBrandReader(reader, registry.get("database"), retry_policy(settings))


def guarded_cache(settings: Settings, cache: Cache, registry: Breakers) -> Cache:
    if not (_enabled(settings) and settings.cache.redis_url):
        return cache  # in process: nothing to break
    return ResilientCache(cache, registry.get("redis"))


def guarded_idempotency_store(
    settings: Settings, engine: AsyncEngine, store: IdempotencyStore, registry: Breakers
) -> IdempotencyStore:
    if not _enabled(settings):
        return store
    if settings.cache.redis_url:
        return ResilientIdempotencyStore(store, registry.get("redis"), retry_policy(settings))
    if _networked_database(engine):
        return ResilientIdempotencyStore(store, registry.get("database"), retry_policy(settings))
    return store


def guarded_session_revocations(
    settings: Settings, revocations: SessionRevocations, registry: Breakers
) -> SessionRevocations:
    if not (_enabled(settings) and settings.cache.redis_url):
        return revocations  # in process: nothing to break
    return ResilientSessionRevocations(revocations, registry.get("redis"), retry_policy(settings))


def guarded_rate_limiter(
    settings: Settings, limiter: RateLimiter | None, registry: Breakers
) -> RateLimiter | None:
    if limiter is None or not (_enabled(settings) and settings.cache.redis_url):
        return limiter  # no limits, or in process: nothing to break
    return ResilientRateLimiter(limiter, registry.get("redis"))


def guarded_broker(settings: Settings, broker: MessageBroker, registry: Breakers) -> MessageBroker:
    """Publishing to RabbitMQ behind the ``broker`` breaker (the in-process broker cannot be
    down: it gets none)."""
    if not _enabled(settings) or settings.broker.in_process:
        return broker
    breaker = registry.get("broker", is_failure=is_broker_outage)
    return ResilientBroker(
        broker, breaker, replace(retry_policy(settings), retry_on=is_broker_outage)
    )


def guarded_content_generator(
    settings: Settings, generator: ContentGenerator, registry: Breakers, name: str
) -> ContentGenerator:
    """A model-backed generator behind the breaker ``name`` (its own retries stay inside: the
    adapter honours the provider's Retry-After, which a generic policy would not)."""
    if not _enabled(settings):
        return generator
    return ResilientContentGenerator(generator, registry.get(name))
