"""GenerateContent: a single on-brand variant (the pipeline with n = 1), stored as a draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from umt.application.content.generation.generate_variants import (
    GenerateVariants,
    generate_variants,
)
from umt.application.content.generation.results import GenerationResult
from umt.application.services import Context
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateContent:
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

    def as_variants(self, n: int = 1) -> GenerateVariants:
        return GenerateVariants(
            brand_id=self.brand_id,
            topic=self.topic,
            content_type=self.content_type,
            channel=self.channel,
            n=n,
            audience_id=self.audience_id,
            project_id=self.project_id,
            key_points=self.key_points,
            template=self.template,
            template_id=self.template_id,
            template_variables=self.template_variables,
            locale=self.locale,
            seed=self.seed,
        )


async def generate_content(cmd: GenerateContent, ctx: Context) -> GenerationResult:
    return await generate_variants(cmd.as_variants(), ctx)
