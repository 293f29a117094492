"""What the generation use cases need beyond the generator: the ledger, prices, the default
budget, the response cache and the pipeline's limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from umt.application.content.generation.cache import (
    DEFAULT_TTL_SECONDS,
    CachingContentGenerator,
)
from umt.application.content.generation.metering import Meter, MeteredContentGenerator
from umt.application.content.generation.pipeline import DEFAULT_CONCURRENCY
from umt.application.content.generation.pricing import PriceTable
from umt.application.content.generation.variants import REPAIR_ATTEMPTS, Compliance
from umt.application.principal import Principal
from umt.domain.content.budget import GenerationBudget
from umt.domain.content.compliance import check_compliance, repair_draft
from umt.ports.cache import Cache
from umt.ports.clock import Clock
from umt.ports.content_generator import ContentGenerator
from umt.ports.generation_usage import GenerationUsage
from umt.ports.id_generator import IdGenerator

AGENT = "content-creation"  # the author of generated versions


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationConfig:
    ledger: GenerationUsage
    compliance: Compliance = field(
        default_factory=lambda: Compliance(check=check_compliance, repair=repair_draft)
    )
    prices: PriceTable = field(default_factory=PriceTable)
    default_budget: GenerationBudget = field(default_factory=GenerationBudget)
    cache: Cache | None = None  # None: no response cache
    cache_ttl_seconds: int = DEFAULT_TTL_SECONDS
    concurrency: int = DEFAULT_CONCURRENCY  # variants generated at once per request
    repair_attempts: int = REPAIR_ATTEMPTS


async def budget_of(config: GenerationConfig, actor: Principal) -> GenerationBudget:
    """The organization's own budget, else the default from settings."""
    own = await config.ledger.get_budget(actor.organization_id)
    return own if own is not None else config.default_budget


async def meter_for(
    generation: GenerationConfig,
    actor: Principal,
    *,
    agent: str,
    clock: Clock,
    ids: IdGenerator,
) -> Meter:
    config = generation
    return Meter(
        ledger=config.ledger,
        prices=config.prices,
        budget=await budget_of(config, actor),
        organization_id=actor.organization_id,
        user_id=UUID(str(actor.user_id)),
        agent=agent,
        clock=clock,
        ids=ids,
    )


def metered_generator(
    content_generator: ContentGenerator,
    generation: GenerationConfig,
    meter: Meter,
) -> ContentGenerator:
    """The configured generator behind the response cache (if any), metered for ``meter``."""
    generator = content_generator
    config = generation
    if config.cache is not None:
        generator = CachingContentGenerator(
            generator, config.cache, ttl_seconds=config.cache_ttl_seconds
        )
    return MeteredContentGenerator(generator, meter)
