"""GenerateContent: a single on-brand variant (the pipeline with n = 1), stored as a draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.generation.config import GenerationConfig
from umt.application.content.generation.generate_variants import generate_one
from umt.application.content.generation.results import GenerationResult, generation_document
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock
from umt.ports.content_generator import ContentGenerator
from umt.ports.id_generator import IdGenerator
from umt.ports.template_renderer import TemplateRenderer


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateContent:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_GENERATE,
        task="content.generate_content",
        agent=Agent.CONTENT_CREATION,
        present=generation_document,
    )
    brand_id: UUID
    topic: str
    content_type: ContentType
    channel: Channel
    audience_id: UUID | None = None
    project_id: UUID | None = None
    key_points: tuple[str, ...] = ()
    template: str | None = None
    template_id: UUID | None = None
    template_variables: Mapping[str, str] = field(default_factory=dict)
    locale: str = "en"
    seed: int | None = None


async def generate_content(
    cmd: GenerateContent,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    generation: GenerationConfig,
    content_generator: ContentGenerator,
    template_renderer: TemplateRenderer,
) -> GenerationResult:
    ctx.actor().require(GenerateContent.use_case.permission)
    return await generate_one(
        cmd,
        ctx,
        clock=clock,
        ids=ids,
        generation=generation,
        content_generator=content_generator,
        template_renderer=template_renderer,
    )
