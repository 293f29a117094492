"""The pipeline: plan N directions, generate the variants concurrently (bounded), repair each,
drop near duplicates, rank the rest (docs/generation-pipeline.md)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from umt.application.content.generation.diversity import plan_directions, variant_seed
from umt.application.content.generation.scoring import QualityScore, quality_score
from umt.application.content.generation.similarity import (
    DUPLICATE_THRESHOLD,
    remove_near_duplicates,
)
from umt.application.content.generation.variants import (
    REPAIR_ATTEMPTS,
    Compliance,
    Variant,
    produce_variant,
)
from umt.domain.brand.audience import Audience
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import (
    BrandBrief,
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
)

DEFAULT_CONCURRENCY = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationSpec:
    brand: BrandBrief
    topic: str
    content_type: ContentType
    channel: Channel
    seed: int
    n: int = 1
    audience: Audience | None = None
    key_points: tuple[str, ...] = ()
    locale: str = "en"
    template: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RankedVariant:
    rank: int  # 1 is the best
    variant: Variant
    score: QualityScore


def _text(variant: Variant) -> str:
    return f"{variant.draft.title}\n{variant.draft.body}"


async def generate_ranked(
    spec: GenerationSpec,
    *,
    generator: ContentGenerator,
    compliance: Compliance,
    cost_of: Callable[[GeneratedDraft], int],
    concurrency: int = DEFAULT_CONCURRENCY,
    repair_attempts: int = REPAIR_ATTEMPTS,
    duplicate_threshold: float = DUPLICATE_THRESHOLD,
) -> list[RankedVariant]:
    directions = plan_directions(spec.n, seed=spec.seed, content_type=spec.content_type)
    limit = asyncio.Semaphore(max(1, concurrency))
    voice = spec.brand.voice

    async def one(index: int) -> Variant:
        request = GenerationRequest(
            brand=spec.brand,
            topic=spec.topic,
            content_type=spec.content_type,
            channel=spec.channel,
            direction=directions[index],
            seed=variant_seed(spec.seed, index),
            audience=spec.audience,
            key_points=spec.key_points,
            locale=spec.locale,
            template=spec.template,
        )
        async with limit:
            return await produce_variant(
                index,
                request,
                generator=generator,
                compliance=compliance,
                voice=voice,
                cost_of=cost_of,
                repair_attempts=repair_attempts,
            )

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(i)) for i in range(spec.n)]
    except BaseExceptionGroup as failed:
        # the first failure is the caller's error (an exhausted budget, an unavailable
        # generator); the sibling variants were cancelled with it
        first: BaseException = failed
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None
    variants = [task.result() for task in tasks]

    def score(variant: Variant, survivors: list[Variant]) -> QualityScore:
        others = [s.direction for s in survivors if s.index != variant.index]
        return quality_score(
            draft=variant.draft,
            report=variant.report,
            direction=variant.direction,
            target_grade=voice.reading_grade,
            others=others,
        )

    # of near duplicates keep the one that passed compliance, then the better scored
    survivors = remove_near_duplicates(
        variants,
        text=_text,
        better=lambda v: (0 if v.needs_attention else 1_000) + score(v, []).total,
        threshold=duplicate_threshold,
    )
    scored = [(v, score(v, survivors)) for v in survivors]
    scored.sort(key=lambda pair: (pair[0].needs_attention, -pair[1].total, pair[0].index))
    return [
        RankedVariant(rank=rank, variant=variant, score=quality)
        for rank, (variant, quality) in enumerate(scored, start=1)
    ]
