"""Wiring of the generation pipeline from the settings: the usage ledger (SQL, or memory on
the in-memory backend), the price table, the default budget, the response cache and limits.
Kept out of container.py like generation.py: the composition root gains one provider line."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from umt.adapters.memory.generation_usage import InMemoryGenerationUsage
from umt.adapters.sql.content.generation_usage import SqlGenerationUsage
from umt.application.content.generation.config import GenerationConfig
from umt.application.content.generation.pricing import DEFAULT_PRICES, ModelPrice, PriceTable
from umt.domain.content.budget import MICROS_PER_DOLLAR, GenerationBudget
from umt.entrypoints.settings import Settings
from umt.ports.cache import Cache


def price_table(settings: Settings) -> PriceTable:
    """The default prices with ``UMT_MODEL_PRICES`` laid over them (added or replaced)."""
    prices = dict(DEFAULT_PRICES)
    for model, price in settings.model_prices.items():
        prices[model] = ModelPrice(
            input_per_million=price.input_per_million,
            output_per_million=price.output_per_million,
        )
    return PriceTable(prices)


def default_budget(settings: Settings) -> GenerationBudget:
    usd = settings.generation_budget_usd
    return GenerationBudget(
        token_limit=settings.generation_budget_tokens,
        cost_limit_micros=None if usd is None else round(usd * MICROS_PER_DOLLAR),
    )


def generation_config(
    settings: Settings, backend: str, engine: AsyncEngine, cache: Cache
) -> GenerationConfig:
    ttl = settings.generation_cache_ttl_seconds
    return GenerationConfig(
        ledger=InMemoryGenerationUsage() if backend == "memory" else SqlGenerationUsage(engine),
        prices=price_table(settings),
        default_budget=default_budget(settings),
        cache=cache if ttl > 0 else None,
        cache_ttl_seconds=ttl,
        concurrency=settings.generation_concurrency,
        repair_attempts=settings.generation_repair_attempts,
    )
