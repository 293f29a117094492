"""The Litestar application: the router packages under /api/v1, problem+json errors, OpenAPI at
/schema."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from litestar import Litestar, Router
from litestar.config.cors import CORSConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

import umt
from umt.entrypoints.container import (
    Container,
    build_container,
    start_resources,
    stop_resources,
)
from umt.entrypoints.http import (
    access,
    advertising,
    agents,
    analytics,
    attribution,
    auth,
    brand,
    channels,
    content,
    experiments,
    generation,
    health,
    integrations,
    invitations,
    members,
    metrics,
    publishing,
    publishing_dispatch,
    research,
    sandbox,
    strategy,
    webhooks,
)
from umt.entrypoints.http.auth.browser_session import browser_session_policy
from umt.entrypoints.http.bodies import JsonRequest
from umt.entrypoints.http.dependencies import DEPENDENCIES
from umt.entrypoints.http.edge import HttpObserver, edge_middleware
from umt.entrypoints.http.forwarded import TrustedProxies
from umt.entrypoints.http.idempotency import fingerprint_key, idempotency_middleware
from umt.entrypoints.http.rate_limits import RateRules, rate_limit_middleware
from umt.entrypoints.http.routers import ContextRouter, exception_handlers, route_handlers
from umt.entrypoints.http.web_app import resolve_web_dir, web_app_handlers
from umt.entrypoints.logging import configure_logging
from umt.entrypoints.runtime import ProcessRuntime
from umt.entrypoints.settings import Settings

API_DESCRIPTION = """umt, the Ultimate Marketing Team: brands, audiences, competitors and projects.

Authenticate with `POST /api/v1/auth/token` and send `Authorization: Bearer <access_token>`.
Errors are RFC 9457 `application/problem+json`. PATCH, PUT and DELETE of a versioned resource
require `If-Match` with the ETag you read (428 without it); bodies are `application/json`.
"""

# Every part of the API, mounted in this order: it is the order of the paths in the OpenAPI
# document (which clients and the snapshot test read), so a new context goes at the end.
ROUTERS: tuple[ContextRouter, ...] = (
    health.router,
    auth.router,
    brand.router,
    experiments.router,
    agents.router,
    access.router,
    webhooks.router,
    integrations.router,
    sandbox.router,
    members.router,
    generation.router,
    invitations.router,
    content.router,
    channels.router,
    metrics.router,
    analytics.router,
    publishing.router,
    publishing_dispatch.router,
    advertising.router,
    attribution.router,
    research.router,
    strategy.router,
)


def cors_config(settings: Settings) -> CORSConfig | None:
    """Browsers on the configured origins may call the API (off when none is configured)."""
    origins = settings.http.allowed_cors_origins
    if not origins:
        return None
    return CORSConfig(
        allow_origins=origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "Idempotency-Key",
            "If-Match",
            "X-Request-ID",
            "traceparent",
        ],
        expose_headers=["ETag", "Location", "Retry-After", "X-Request-ID"],
        max_age=600,
    )


def rate_rules(settings: Settings) -> RateRules:
    return RateRules(
        sign_in_per_address=settings.http.rate_limit_sign_in_per_minute,
        per_user=settings.http.rate_limit_user_per_minute,
        per_anonymous_address=settings.http.rate_limit_anonymous_per_minute,
        per_api_key=settings.http.rate_limit_api_key_per_minute,
    )


def create_app(settings: Settings | None = None, *, container: Container | None = None) -> Litestar:
    """Build the HTTP application; resources start and stop with its lifespan."""
    settings = settings or Settings()
    configure_logging(settings)
    container = container or build_container(settings)
    observer = HttpObserver(container.metrics())

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await start_resources(container)
        try:  # binds what every handler declares: a collaborator not wired fails here
            app.state.bus = container.bus()
        except BaseException:
            await stop_resources(container)
            raise
        provider = container.telemetry().provider
        observer.tracer = None if provider is None else provider.get_tracer("umt.http")
        app.state.container = container
        app.state.access_tokens = container.access_tokens()
        app.state.idempotency_store = container.idempotency_store()
        app.state.idempotency_ttl_seconds = settings.cache.idempotency_ttl_seconds
        app.state.idempotency_fingerprint_key = fingerprint_key(settings.resolved_jwt_secret())
        app.state.max_request_bytes = settings.http.max_request_bytes
        app.state.force_hsts = settings.http.hsts
        app.state.browser_session = browser_session_policy(
            timedelta(days=settings.security.refresh_token_days),
            public_base_url=settings.http.resolved_public_base_url,
            cors_origins=settings.http.allowed_cors_origins,
        )
        app.state.rate_limiter = container.rate_limiter()
        app.state.job_dispatcher = container.job_dispatcher()
        runtime = ProcessRuntime(container)
        await runtime.start()
        app.state.agent_directory = runtime.directory
        app.state.agent_host = runtime.host
        app.state.metrics = runtime.metrics
        # Everything built at start-up lives as long as the process: move it out of the
        # collector's sight, so the collections that requests trigger stay short.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await runtime.stop()
            await stop_resources(container)

    return Litestar(
        route_handlers=[
            *route_handlers(ROUTERS),
            *web_app_handlers(resolve_web_dir(settings.http.web_dir)),
        ],
        dependencies=DEPENDENCIES,
        exception_handlers=exception_handlers(ROUTERS),
        middleware=[
            edge_middleware(
                observer,
                force_hsts=settings.http.hsts,
                proxies=TrustedProxies.from_settings(settings.http),
            ),
            # with limits off (UMT_RATE_LIMITS=false) the layer is not installed at all
            *([rate_limit_middleware(rate_rules(settings))] if settings.http.rate_limits else []),
            idempotency_middleware,
        ],
        cors_config=cors_config(settings),
        request_class=JsonRequest,
        lifespan=[lifespan],
        request_max_body_size=settings.http.max_request_bytes,
        openapi_config=OpenAPIConfig(
            title="umt API",
            version=umt.__version__,
            description=API_DESCRIPTION,
            path="/schema",
            # the document and its viewers are public (the rule every route declares)
            openapi_router=Router(
                path="/schema", route_handlers=[], opt={"public": True}, include_in_schema=False
            ),
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
                }
            ),
        ),
        # logging is structlog's, configured above; Litestar's default would replace it
        logging_config=None,
        debug=False,
    )
