"""CreateTemplate: an organization's own template (optionally for one brand)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content import templates
from umt.application.content.inputs import optional_uuid
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.content.template import ContentTemplate
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import TemplateId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.template_renderer import TemplateRenderer


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTemplate:
    use_case: ClassVar = UseCase(
        Permission.TEMPLATES_MANAGE, task="template.create", agent=Agent.CONTENT_CREATION
    )
    name: str
    content_type: str
    body: str
    variables: Sequence[Mapping[str, Any]] = ()
    brand_id: UUID | str | None = None
    industry: str | None = None
    channel: str | None = None


async def create_template(
    cmd: CreateTemplate,
    ctx: Context,
    *,
    ids: IdGenerator,
    clock: Clock,
    template_renderer: TemplateRenderer,
) -> ContentTemplate:
    actor = ctx.actor()
    actor.require(CreateTemplate.use_case.permission)
    async with ctx.uow as uow:
        brand_id = None
        wanted = optional_uuid(cmd.brand_id, "brand_id")
        if wanted is not None:
            brand_id = (await brand_summary(uow, actor, wanted)).id
        else:
            actor.require_all_brands()  # organization-wide: not for a brand-limited member
        template = ContentTemplate.create(
            id=TemplateId(ids.new_id()),
            organization_id=actor.organization_id,
            name=cmd.name,
            content_type=enum_value(ContentType, cmd.content_type, "content_type"),
            body=cmd.body,
            now=clock.now(),
            brand_id=brand_id,
            industry=cmd.industry,
            channel=enum_value(Channel, cmd.channel, "channel") if cmd.channel else None,
            variables=templates.variables(cmd.variables),
        )
        await templates.check_body(template, template_renderer)
        await uow.templates.add(template)
        await uow.commit()
    return template
