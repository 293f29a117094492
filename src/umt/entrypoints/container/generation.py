"""Content generation: the generator chain (content_generator.py), the template renderer,
and the generation pipeline's configuration from the settings: the usage ledger (from the
storage backend), the price table, the default budget, the response cache and limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from dependency_injector import containers, providers

from umt.adapters.jinja.renderer import JinjaTemplateRenderer
from umt.application.content.generation.config import GenerationConfig
from umt.application.content.generation.pricing import DEFAULT_PRICES, ModelPrice, PriceTable
from umt.domain.content.budget import MICROS_PER_DOLLAR, GenerationBudget
from umt.entrypoints.container.content_generator import content_generator
from umt.entrypoints.observability.generation import MeteredGenerationUsage
from umt.entrypoints.observability.metrics import Metrics
from umt.entrypoints.settings import Settings
from umt.ports.cache import Cache
from umt.ports.generation_usage import GenerationUsage


def price_table(settings: Settings) -> PriceTable:
    """The default prices with ``UMT_MODEL_PRICES`` laid over them (added or replaced)."""
    prices = dict(DEFAULT_PRICES)
    for model, price in settings.generation.model_prices.items():
        prices[model] = ModelPrice(
            input_per_million=price.input_per_million,
            output_per_million=price.output_per_million,
        )
    return PriceTable(prices)


def default_budget(settings: Settings) -> GenerationBudget:
    usd = settings.generation.budget_usd
    return GenerationBudget(
        token_limit=settings.generation.budget_tokens,
        cost_limit_micros=None if usd is None else round(usd * MICROS_PER_DOLLAR),
    )


def generation_config(
    settings: Settings, ledger: GenerationUsage, cache: Cache, metrics: Metrics
) -> GenerationConfig:
    """The pipeline's configuration; its ledger counts calls, tokens, cost and refusals into
    the process's metrics (observability/generation.py)."""
    ttl = settings.generation.cache_ttl_seconds
    return GenerationConfig(
        ledger=MeteredGenerationUsage(ledger, metrics.generation),
        prices=price_table(settings),
        default_budget=default_budget(settings),
        cache=cache if ttl > 0 else None,
        cache_ttl_seconds=ttl,
        concurrency=settings.generation.concurrency,
        repair_attempts=settings.generation.repair_attempts,
    )


async def template_renderer(settings: Settings) -> AsyncIterator[JinjaTemplateRenderer]:
    """Templates render in worker processes, started on first use and ended at shutdown."""
    renderer = JinjaTemplateRenderer(
        workers=settings.templates.workers,
        cpu_seconds=settings.templates.cpu_seconds,
        memory_mb=settings.templates.memory_mb,
    )
    try:
        yield renderer
    finally:
        await asyncio.to_thread(renderer.close)  # waits for the workers to exit


class Generation(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)
    breakers: Any = providers.Dependency()
    telemetry: Any = providers.Dependency()
    ledger: Any = providers.Dependency()  # the storage backend's generation usage
    cache: Any = providers.Dependency()
    metrics: Any = providers.Dependency()

    # primary > fallback > offline (content_generator.py)
    content_generator: Any = providers.Resource(content_generator, settings, breakers, telemetry)
    template_renderer: Any = providers.Resource(template_renderer, settings)
    config: Any = providers.Singleton(generation_config, settings, ledger, cache, metrics)
