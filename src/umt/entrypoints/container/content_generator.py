"""Wiring of the content generator chain from the settings, used by the container.

``UMT_GENERATOR=offline`` (the default): the offline composer alone. ``UMT_GENERATOR=openai``:
the OpenAI-compatible primary (``UMT_OPENAI_*``), then the secondary when
``UMT_OPENAI_FALLBACK_MODEL`` is set (on ``UMT_OPENAI_FALLBACK_BASE_URL``, or on the primary's
server when that is empty: a second model), each behind its own circuit breaker, and the
offline composer last, so a draft is always written. Plain functions, used by the
generation container (container/generation.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from umt.adapters.offline import OfflineContentGenerator
from umt.adapters.resilience.breaker import Breakers
from umt.application.content.fallback import FallbackContentGenerator
from umt.entrypoints.container import resilience
from umt.entrypoints.observability.http_tracing import instrument_http_client
from umt.entrypoints.observability.tracing import Telemetry
from umt.entrypoints.settings import GeneratorKind, Settings
from umt.ports.content_generator import ContentGenerator

if TYPE_CHECKING:
    import httpx2

    # The OpenAI SDK takes most of a second and ~40 MiB to load: imported where the settings
    # ask for it (UMT_GENERATOR=openai), never by a process on the offline default.
    from umt.adapters.openai import OpenAiConfig, OpenAiContentGenerator

PRIMARY_BREAKER = "openai"
FALLBACK_BREAKER = "openai-fallback"


def primary_config(settings: Settings) -> OpenAiConfig:
    from umt.adapters.openai import OpenAiConfig  # deferred: see above

    key = settings.generation.openai_api_key
    return OpenAiConfig(
        base_url=settings.generation.openai_base_url,
        model=settings.generation.openai_model,
        api_key=key.get_secret_value() if key is not None else "",
        timeout_seconds=settings.generation.openai_timeout_seconds,
        max_concurrency=settings.generation.openai_max_concurrency,
        max_retries=settings.generation.openai_max_retries,
        max_wait_seconds=settings.generation.openai_max_wait_seconds,
    )


def fallback_config(settings: Settings) -> OpenAiConfig | None:
    """The secondary provider or model, or None when ``UMT_OPENAI_FALLBACK_MODEL`` is empty.
    Its base URL and key default to the primary's."""
    if not settings.generation.openai_fallback_model:
        return None
    from umt.adapters.openai import OpenAiConfig  # deferred: see above

    primary = primary_config(settings)
    key = settings.generation.openai_fallback_api_key
    return OpenAiConfig(
        base_url=settings.generation.openai_fallback_base_url or primary.base_url,
        model=settings.generation.openai_fallback_model,
        api_key=key.get_secret_value() if key is not None else primary.api_key,
        timeout_seconds=primary.timeout_seconds,
        max_concurrency=primary.max_concurrency,
        max_retries=primary.max_retries,
        max_wait_seconds=primary.max_wait_seconds,
    )


def model_http_client(telemetry: Telemetry | None) -> httpx2.AsyncClient | None:
    """The HTTP client of an OpenAI adapter: the SDK's own (``None``) when tracing is off, or
    the SDK's default client with a CLIENT span per model call (URL redacted) when on."""
    if telemetry is None or not telemetry.enabled:
        return None
    from openai import DefaultAsyncHttpxClient  # deferred: see above

    return instrument_http_client(DefaultAsyncHttpxClient(), telemetry)


async def content_generator(
    settings: Settings, registry: Breakers, telemetry: Telemetry | None = None
) -> AsyncIterator[ContentGenerator]:
    """The generator handlers use; the OpenAI clients are closed at shutdown. With tracing
    on, each model call is a CLIENT span of the instrumented HTTP client."""
    offline = OfflineContentGenerator()
    if settings.generation.generator is GeneratorKind.OFFLINE:
        yield offline
        return
    from umt.adapters.openai import OpenAiContentGenerator  # deferred: see above

    clients: list[OpenAiContentGenerator] = []
    links: list[ContentGenerator] = []
    for config, breaker in (
        (primary_config(settings), PRIMARY_BREAKER),
        (fallback_config(settings), FALLBACK_BREAKER),
    ):
        if config is None:
            continue
        client = OpenAiContentGenerator(config, http_client=model_http_client(telemetry))
        clients.append(client)
        links.append(resilience.guarded_content_generator(settings, client, registry, breaker))
    links.append(offline)  # cannot be unavailable: the chain always answers
    try:
        yield FallbackContentGenerator(links)
    finally:
        for client in clients:
            await client.close()
