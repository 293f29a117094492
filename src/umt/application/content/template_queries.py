"""Queries on templates: GetTemplate, ListTemplates (the organization's own), ListBuiltinTemplates,
and RenderTemplate (a template's body with values for its variables)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content import templates
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.shared.inputs import enum_value, require_sort
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.content.builtin_templates import BUILTIN_TEMPLATES
from umt.domain.content.draft import ContentType
from umt.domain.content.template import ContentTemplate
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId
from umt.ports.pagination import Page, PageRequest
from umt.ports.template_renderer import TemplateRenderer
from umt.ports.template_repository import TEMPLATE_SORTS, TemplateFilter
from umt.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class GetTemplate:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="template.get", agent=Agent.CONTENT_CREATION
    )
    template_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListTemplates:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="template.list", agent=Agent.CONTENT_CREATION
    )
    content_type: str | None = None
    channel: str | None = None
    industry: str | None = None
    brand_id: UUID | None = None
    page: PageRequest = field(default_factory=PageRequest)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBuiltinTemplates:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="template.list_builtin", agent=Agent.CONTENT_CREATION
    )
    content_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderTemplate:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="template.render", agent=Agent.CONTENT_CREATION
    )
    template_id: UUID
    variables: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedTemplate:
    template_id: UUID
    content_type: str
    text: str


async def get_template(query: GetTemplate, ctx: Context) -> ContentTemplate:
    actor = ctx.actor()
    actor.require(GetTemplate.use_case.permission)
    async with ctx.uow as uow:
        return await templates.load_template(uow, actor, query.template_id)


async def list_templates(query: ListTemplates, ctx: Context) -> Page[ContentTemplate]:
    actor = ctx.actor()
    actor.require(ListTemplates.use_case.permission)
    require_sort(query.page, TEMPLATE_SORTS)
    filters = TemplateFilter(
        content_type=(
            enum_value(ContentType, query.content_type, "content_type")
            if query.content_type
            else None
        ),
        channel=enum_value(Channel, query.channel, "channel") if query.channel else None,
        industry=query.industry or None,
        brand_id=BrandId(query.brand_id) if query.brand_id else None,
        brand_ids=actor.brand_scope,
    )
    uow: UnitOfWork
    async with ctx.uow as uow:
        if query.brand_id is not None:
            await brand_summary(uow, actor, query.brand_id)
        return await uow.templates.list(actor.organization_id, filters, query.page)


async def list_builtin_templates(
    query: ListBuiltinTemplates, ctx: Context
) -> list[ContentTemplate]:
    ctx.actor().require(ListBuiltinTemplates.use_case.permission)
    kind = (
        enum_value(ContentType, query.content_type, "content_type") if query.content_type else None
    )
    return [t for t in BUILTIN_TEMPLATES if kind is None or t.content_type is kind]


async def render_template(
    query: RenderTemplate, ctx: Context, *, template_renderer: TemplateRenderer
) -> RenderedTemplate:
    actor = ctx.actor()
    actor.require(RenderTemplate.use_case.permission)
    for name, value in query.variables.items():
        if not isinstance(value, str) or len(value) > 5000:
            raise InvalidValue(f"{name} must be text of at most 5000 characters", field=name)
    async with ctx.uow as uow:
        template = await templates.load_template(uow, actor, query.template_id)
    values = template.values_for(query.variables)
    text = await template_renderer.render(template.body, values)
    return RenderedTemplate(
        template_id=template.id, content_type=template.content_type.value, text=text
    )
