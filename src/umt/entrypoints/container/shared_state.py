"""State that several instances share through Redis (``UMT_REDIS_URL``), or that one
instance keeps in process memory: the cache, idempotency keys, rate limits, sign-in lockouts
and ended sessions. Each adapter is wrapped by its breaker (container/resilience.py).

The Redis client is imported by the providers that the settings select, not at module level:
an embedded process never loads it (redis alone pulls in the OpenTelemetry metrics SDK).
docs/benchmarks.md has the start-up footprint.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from dependency_injector import containers, providers

from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.memory.rate_limiter import InMemoryRateLimiter
from umt.adapters.memory.session_revocations import InMemorySessionRevocations
from umt.adapters.memory.sign_in_lockout import InMemorySignInLockout
from umt.entrypoints.container import resilience
from umt.entrypoints.container.security import ACCESS_TOKEN_LEEWAY_SECONDS
from umt.entrypoints.observability.tracing import Telemetry, instrument_redis
from umt.entrypoints.settings import Settings
from umt.ports.cache import Cache
from umt.ports.idempotency_store import IdempotencyStore
from umt.ports.rate_limiter import RateLimiter
from umt.ports.session_revocations import SessionRevocations
from umt.ports.sign_in_lockout import LockoutPolicy, SignInLockout

if TYPE_CHECKING:
    from redis.asyncio import Redis


def redis_client(settings: Settings, *, timeout_seconds: float) -> Redis:
    """A client of ``UMT_REDIS_URL`` (imported here: only a process using Redis loads it)."""
    from redis.asyncio import Redis

    return Redis.from_url(
        settings.cache.redis_url,
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
    )


async def idempotency_store(
    settings: Settings, local: IdempotencyStore, telemetry: Telemetry
) -> AsyncIterator[IdempotencyStore]:
    """Redis when UMT_REDIS_URL is set, else the storage backend's (``local``: PostgreSQL
    when that is the store, shared by every instance, else in-process memory)."""
    if not settings.cache.redis_url:
        yield local
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
    if not settings.cache.redis_url:
        yield InMemoryCache()
        return
    from umt.adapters.redis.cache import RedisCache

    client = redis_client(settings, timeout_seconds=2)
    instrument_redis(client, telemetry)
    try:
        yield RedisCache(client)
    finally:
        await client.aclose()


async def rate_limiter(settings: Settings) -> AsyncIterator[RateLimiter | None]:
    """Redis when configured (limits shared by every instance), else process memory."""
    if not settings.http.rate_limits:
        yield None
        return
    if not settings.cache.redis_url:
        yield InMemoryRateLimiter()
        return
    from umt.adapters.redis.rate_limiter import RedisRateLimiter

    client = redis_client(settings, timeout_seconds=2)
    try:
        yield RedisRateLimiter(client)
    finally:
        await client.aclose()


async def sign_in_lockout(settings: Settings) -> AsyncIterator[SignInLockout | None]:
    """Redis when configured (one count per email across instances), else process memory."""
    security = settings.security
    if security.sign_in_lockout_threshold == 0:
        yield None
        return
    policy = LockoutPolicy(
        threshold=security.sign_in_lockout_threshold,
        base_seconds=security.sign_in_lockout_base_seconds,
        max_seconds=security.sign_in_lockout_max_seconds,
        window_seconds=security.sign_in_lockout_window_seconds,
    )
    if not settings.cache.redis_url:
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
    ttl = settings.security.access_token_minutes * 60 + ACCESS_TOKEN_LEEWAY_SECONDS
    if not settings.cache.redis_url:
        yield InMemorySessionRevocations(ttl_seconds=ttl)
        return
    from umt.adapters.redis.session_revocations import RedisSessionRevocations

    client = redis_client(settings, timeout_seconds=2)
    instrument_redis(client, telemetry)
    try:
        yield RedisSessionRevocations(client, ttl_seconds=ttl)
    finally:
        await client.aclose()


class SharedState(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)
    telemetry: Any = providers.Dependency()
    breakers: Any = providers.Dependency()
    engine: Any = providers.Dependency()
    local_idempotency_store: Any = providers.Dependency()  # the storage backend's

    cache: Any = providers.Singleton(
        resilience.guarded_cache, settings, providers.Resource(cache, settings, telemetry), breakers
    )
    idempotency_store: Any = providers.Singleton(
        resilience.guarded_idempotency_store,
        settings,
        engine,
        providers.Resource(idempotency_store, settings, local_idempotency_store, telemetry),
        breakers,
    )
    rate_limiter: Any = providers.Singleton(
        resilience.guarded_rate_limiter,
        settings,
        providers.Resource(rate_limiter, settings),
        breakers,
    )
    session_revocations: Any = providers.Singleton(
        resilience.guarded_session_revocations,
        settings,
        providers.Resource(session_revocations, settings, telemetry),
        breakers,
    )
    sign_in_lockout: Any = providers.Resource(sign_in_lockout, settings)
