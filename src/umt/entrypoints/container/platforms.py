"""The platforms umt connects to: one registry of connectors (the sandbox, always there,
plus every platform with an app in ``UMT_PLATFORM_APPS``), the egress policy of their HTTP
client, and the integrations' configuration."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from dependency_injector import containers, providers

from umt.adapters.httpx.egress import FirstUseClient, guarded_client
from umt.adapters.platforms.apps import PlatformAppConfig
from umt.adapters.platforms.connector_support import option_enabled
from umt.adapters.platforms.http import CLIENT_HEADERS as PLATFORM_CLIENT_HEADERS
from umt.adapters.platforms.http import DEFAULT_TIMEOUT as PLATFORM_TIMEOUT
from umt.adapters.platforms.registry import platform_connectors as configured_connectors
from umt.adapters.platforms.sandbox.connector import DEFAULT_CLIENT_ID, SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.oauth import SandboxClient
from umt.adapters.platforms.sandbox.store import SandboxStore
from umt.adapters.system.clock import SystemClock
from umt.application.integration.config import IntegrationConfig
from umt.domain.integration.platforms import Platform
from umt.domain.shared.network import NetworkPolicy
from umt.entrypoints.observability.http_tracing import instrument_http_client
from umt.entrypoints.observability.tracing import Telemetry
from umt.entrypoints.settings import PlatformAppSettings, Settings
from umt.ports.platform_connector import PlatformConnector

if TYPE_CHECKING:
    import httpx


def app_configs(apps: Mapping[str, PlatformAppSettings]) -> dict[str, PlatformAppConfig]:
    """The ``UMT_PLATFORM_APPS`` entries as the connectors' configuration (secrets revealed
    here, at the last step, and to the connectors only)."""
    return {
        name: PlatformAppConfig(
            client_id=app.client_id,
            client_secret=app.client_secret.get_secret_value(),
            api_base_url=app.api_base_url,
            auth_base_url=app.auth_base_url,
            options=app.options,
        )
        for name, app in apps.items()
    }


async def platform_connectors(
    settings: Settings,
    clock: SystemClock,
    sandbox: SandboxConnector,
    telemetry: Telemetry | None = None,
) -> AsyncIterator[dict[Platform, PlatformConnector]]:
    """The registry of platform connectors: the sandbox (the embedded default, always there)
    and every platform with an app in UMT_PLATFORM_APPS (an unconfigured platform is left out
    and GET /api/v1/platforms says so; the form platforms need no app). One HTTP client with
    bounded timeouts, through the egress guard, serves them all and is closed at shutdown;
    it is made by the first call to a platform (a process that never makes one saves its TLS
    context, about 2 MiB). With tracing on, each request is a CLIENT span (URL redacted)."""
    policy = platform_network_policy(settings)
    client = FirstUseClient(
        lambda: instrument_http_client(
            guarded_client(policy, timeout=PLATFORM_TIMEOUT, headers=PLATFORM_CLIENT_HEADERS),
            telemetry or Telemetry(),
        )
    )
    registry: dict[Platform, PlatformConnector] = {Platform.SANDBOX: sandbox}
    # the connectors see an httpx.AsyncClient: every attribute they use is the real client's
    shared = cast("httpx.AsyncClient", client)
    registry |= configured_connectors(shared, app_configs(settings.platforms.apps), clock.now)
    try:
        yield registry
    finally:
        await client.aclose()


def platform_network_policy(settings: Settings) -> NetworkPolicy:
    """Where the platform client may connect: public addresses, plus the hosts of the
    endpoint overrides the operator configured (a proxy, a regional host, a fake server), plus
    every private address when the WordPress app allows private sites (the site address is
    the only one a user gives; the other endpoints are fixed or configured)."""
    apps = settings.platforms.apps
    wordpress = apps.get(Platform.WORDPRESS.value)
    allow_private = wordpress is not None and option_enabled(
        wordpress.options, "allow_private_hosts"
    )
    configured = [url for app in apps.values() for url in (app.api_base_url, app.auth_base_url)]
    return NetworkPolicy.trusting(configured, allow_private=allow_private)


def integration_config(settings: Settings) -> IntegrationConfig:
    platforms = settings.platforms
    return IntegrationConfig(
        public_base_url=settings.http.resolved_public_base_url,
        return_url=platforms.integrations_return_url or None,
        state_ttl=timedelta(minutes=platforms.oauth_state_minutes),
        refresh_ahead=timedelta(minutes=platforms.token_refresh_ahead_minutes),
        health_check_interval=timedelta(minutes=platforms.health_check_minutes),
    )


async def sandbox_network(
    settings: Settings, clock: SystemClock, new_store: Callable[[], SandboxStore]
) -> AsyncIterator[SandboxNetwork]:
    """The built-in sandbox platform (docs/sandbox.md), on the storage backend's store (in
    memory with ``memory://``, else ``<data_dir>/sandbox.sqlite3``, opened on first use),
    losing the configured share of its answers (``UMT_SANDBOX_LOST_RESPONSE_RATE``)."""
    store = new_store()
    umt_client = SandboxClient(
        client_id=DEFAULT_CLIENT_ID,
        name="umt",
        redirect_uris=settings.allowed_sandbox_redirect_uris,
    )
    network = SandboxNetwork(
        store, clock, seed=settings.platforms.sandbox_seed, clients=(umt_client,)
    )
    if settings.platforms.sandbox_lost_response_rate:
        network.faults.lose_responses(
            rate=settings.platforms.sandbox_lost_response_rate,
            seed=settings.platforms.sandbox_seed,
        )
    try:
        yield network
    finally:
        await store.close()


def sandbox_connector(settings: Settings, network: SandboxNetwork) -> SandboxConnector:
    return SandboxConnector(network, public_base_url=settings.http.resolved_public_base_url)


class Platforms(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)
    clock: Any = providers.Dependency()
    sandbox_store: Any = providers.Dependency()  # the storage backend's (a factory)
    telemetry: Any = providers.Dependency()

    sandbox_network: Any = providers.Resource(
        sandbox_network, settings, clock, sandbox_store.provider
    )
    sandbox_connector: Any = providers.Singleton(sandbox_connector, settings, sandbox_network)
    # the platform connector registry (tests override it with a fake platform)
    connectors: Any = providers.Resource(
        platform_connectors, settings, clock, sandbox_connector, telemetry
    )
    integrations: Any = providers.Callable(integration_config, settings)
