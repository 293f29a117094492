"""GenerateVariants: N ranked, on-brand variants for a brand (and audience), each stored as a
draft piece authored by the content-creation agent so it can go through review."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content import templates
from umt.application.content.generation.config import (
    AGENT,
    GenerationConfig,
    meter_for,
    metered_generator,
)
from umt.application.content.generation.diversity import MAX_VARIANTS
from umt.application.content.generation.pipeline import (
    GenerationSpec,
    RankedVariant,
    generate_ranked,
)
from umt.application.content.generation.results import (
    GenerationResult,
    dollars,
    generation_document,
    variant_view,
)
from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.shared.brands import brand_summary, load_brand, load_project
from umt.application.use_case import UseCase
from umt.domain.brand.audience import Audience
from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.content.piece import ContentPiece
from umt.domain.content.version import Author, Provenance
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import (
    AudienceId,
    BrandId,
    ContentId,
    ContentVersionId,
    ProjectId,
)
from umt.domain.shared.values import require_text
from umt.ports.clock import Clock
from umt.ports.content_generator import BrandBrief, ContentGenerator
from umt.ports.id_generator import IdGenerator
from umt.ports.template_renderer import TemplateRenderer
from umt.ports.unit_of_work import UnitOfWork

MAX_TOPIC = 500
MAX_KEY_POINTS = 20
MAX_TEMPLATE = 20_000


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateVariants:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_GENERATE,
        task="content.generate_variants",
        agent=Agent.CONTENT_CREATION,
        present=generation_document,
    )
    brand_id: UUID
    topic: str
    content_type: ContentType
    channel: Channel
    n: int = 3
    audience_id: UUID | None = None
    project_id: UUID | None = None
    key_points: tuple[str, ...] = ()
    template: str | None = None  # the text of a content template the drafts should follow
    template_id: UUID | None = None  # or a stored (or built-in) template, rendered first
    template_variables: Mapping[str, str] = field(default_factory=dict)
    locale: str = "en"
    seed: int | None = None  # None: derived from the generation id (recorded in provenance)


def check_request(cmd: GenerateVariants) -> None:
    require_text(cmd.topic, field="topic", max_length=MAX_TOPIC)
    if not 1 <= cmd.n <= MAX_VARIANTS:
        raise InvalidValue(f"between 1 and {MAX_VARIANTS} variants", field="n")
    if len(cmd.key_points) > MAX_KEY_POINTS:
        raise InvalidValue(f"at most {MAX_KEY_POINTS} key points", field="key_points")
    for point in cmd.key_points:
        require_text(point, field="key_points", max_length=MAX_TOPIC)
    if cmd.template is not None and len(cmd.template) > MAX_TEMPLATE:
        raise InvalidValue(f"a template holds at most {MAX_TEMPLATE} characters", field="template")
    require_text(cmd.locale, field="locale", max_length=35)
    if cmd.template is not None and cmd.template_id is not None:
        raise InvalidValue("give a template's text or its id, not both", field="template_id")
    for name, value in cmd.template_variables.items():
        if not isinstance(value, str) or len(value) > MAX_TOPIC * 10:
            raise InvalidValue(f"{name} must be text of at most 5000 characters", field=name)


async def _template_text(
    ctx: Context,
    uow: UnitOfWork,
    actor: Principal,
    cmd: GenerateVariants,
    *,
    template_renderer: TemplateRenderer,
) -> str | None:
    """The template the drafts follow: given as text, or a stored one rendered (sandboxed)."""
    if cmd.template_id is None:
        return cmd.template
    template = await templates.load_template(uow, actor, cmd.template_id)
    if template.content_type is not cmd.content_type:
        raise InvalidValue(
            f"the template is for {template.content_type.value}, not {cmd.content_type.value}",
            field="template_id",
        )
    values = template.values_for(cmd.template_variables)
    return await template_renderer.render(template.body, values)


def brief_of(brand: Brand) -> BrandBrief:
    return BrandBrief(
        name=brand.name, industry=brand.industry, description=brand.description, voice=brand.voice
    )


def audience_of(brand: Brand, audience_id: UUID | None) -> Audience | None:
    if audience_id is None:
        return None
    audience = brand.audiences.get(AudienceId(audience_id))
    if audience is None or audience.archived_at is not None:
        raise NotFound(f"audience {audience_id} not found", field="audience_id")
    return audience


def _provenance(ranked: RankedVariant) -> Provenance:
    v = ranked.variant
    return Provenance(
        adapter=v.generated.adapter,
        model=v.generated.model,
        prompt_version=v.generated.prompt_version,
        input_tokens=v.input_tokens,
        output_tokens=v.output_tokens,
        cost=dollars(v.cost_micros),
        latency_ms=round(v.generated.latency_ms),
        seed=v.generated.seed,
    )


async def _store(
    ctx: Context,
    actor: Principal,
    cmd: GenerateVariants,
    generation_id: UUID,
    ranked: list[RankedVariant],
    *,
    clock: Clock,
    ids: IdGenerator,
) -> list[UUID]:
    now = clock.now()
    stored: list[UUID] = []
    async with ctx.uow as uow:
        await brand_summary(uow, actor, cmd.brand_id)  # still there, still in scope
        for item in ranked:
            piece = ContentPiece.create(
                id=ContentId(ids.new_id()),
                organization_id=actor.organization_id,
                brand_id=BrandId(cmd.brand_id),
                project_id=ProjectId(cmd.project_id) if cmd.project_id else None,
                draft=item.variant.draft,
                version_id=ContentVersionId(ids.new_id()),
                author=Author.named_agent(AGENT),
                now=now,
                provenance=_provenance(item),
                note=f"generation {generation_id}: variant ranked {item.rank} of {len(ranked)}"
                + (" (needs attention)" if item.variant.needs_attention else ""),
            )
            await uow.content.add(piece)
            stored.append(piece.id)
        await uow.commit()
    return stored


async def generate_variants(
    cmd: GenerateVariants,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    generation: GenerationConfig,
    content_generator: ContentGenerator,
    template_renderer: TemplateRenderer,
) -> GenerationResult:
    actor = ctx.actor()
    actor.require(GenerateVariants.use_case.permission)
    check_request(cmd)
    config = generation
    async with ctx.separate_uow() as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        audience = audience_of(brand, cmd.audience_id)
        if cmd.project_id is not None:
            project = await load_project(uow, actor, cmd.project_id)
            if project.brand_id != brand.id:
                raise NotFound(f"project {cmd.project_id} not found", field="project_id")
        template = await _template_text(ctx, uow, actor, cmd, template_renderer=template_renderer)
    generation_id = ids.new_id()
    seed = cmd.seed if cmd.seed is not None else generation_id.int % (2**31 - 1)
    meter = await meter_for(generation, actor, agent=AGENT, clock=clock, ids=ids)
    await meter.check()  # refuse at once when the month's budget is already spent
    ranked = await generate_ranked(
        GenerationSpec(
            brand=brief_of(brand),
            topic=cmd.topic,
            content_type=cmd.content_type,
            channel=cmd.channel,
            seed=seed,
            n=cmd.n,
            audience=audience,
            key_points=cmd.key_points,
            locale=cmd.locale,
            template=template,
        ),
        generator=metered_generator(content_generator, generation, meter),
        compliance=config.compliance,
        cost_of=meter.cost_of,
        concurrency=config.concurrency,
        repair_attempts=config.repair_attempts,
    )
    content_ids = await _store(ctx, actor, cmd, generation_id, ranked, clock=clock, ids=ids)
    return GenerationResult(
        generation_id=generation_id,
        brand_id=cmd.brand_id,
        requested=cmd.n,
        variants=tuple(
            variant_view(item, content_id)
            for item, content_id in zip(ranked, content_ids, strict=True)
        ),
        cost_usd=dollars(sum(item.variant.cost_micros for item in ranked)),
    )


# what a single-variant request carries: every field of the pipeline's but n
SINGLE_FIELDS = tuple(f.name for f in dataclasses.fields(GenerateVariants) if f.name != "n")


async def generate_one(
    request: object,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    generation: GenerationConfig,
    content_generator: ContentGenerator,
    template_renderer: TemplateRenderer,
) -> GenerationResult:
    """The pipeline with n = 1, for a request that carries the other fields of the command."""
    fields = {name: getattr(request, name) for name in SINGLE_FIELDS}
    return await generate_variants(
        GenerateVariants(n=1, **fields),
        ctx,
        clock=clock,
        ids=ids,
        generation=generation,
        content_generator=content_generator,
        template_renderer=template_renderer,
    )
