"""Schemas of content templates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.application.content.template_queries import RenderedTemplate
from umt.domain.content.template import ContentTemplate
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.common import Input, Name
from umt.entrypoints.http.schemas.content import ContentTypeName

TemplateBody = Annotated[
    str, Meta(min_length=1, max_length=20_000, examples=["{{ product }} is here. {{ cta }}"])
]
Industry = Annotated[str, Meta(min_length=1, max_length=100, examples=["coffee"])]


class VariableIO(Input):
    name: Annotated[str, Meta(pattern=r"^[a-z_][a-z0-9_]{0,49}$", examples=["product"])]
    description: Annotated[str, Meta(max_length=500)] = ""
    required: bool = True
    default: Annotated[str, Meta(max_length=2000)] | None = None


Variables = Annotated[list[VariableIO], Meta(max_length=30)]


class TemplateCreate(Input):
    name: Name
    content_type: ContentTypeName
    body: TemplateBody
    variables: Variables = msgspec.field(default_factory=list)
    brand_id: UUID | None = None
    industry: Industry | None = None
    channel: ChannelName | None = None


class TemplatePatch(Input):
    name: Name | UnsetType = UNSET
    content_type: ContentTypeName | UnsetType = UNSET
    body: TemplateBody | UnsetType = UNSET
    variables: Variables | UnsetType = UNSET
    brand_id: UUID | UnsetType | None = UNSET
    industry: Industry | UnsetType | None = UNSET
    channel: ChannelName | UnsetType | None = UNSET


class RenderRequest(Input):
    variables: Annotated[
        dict[Annotated[str, Meta(max_length=50)], Annotated[str, Meta(max_length=5000)]],
        Meta(max_length=30),
    ] = msgspec.field(default_factory=dict)


class VariableOut(msgspec.Struct):
    name: str
    description: str
    required: bool
    default: str | None


class TemplateOut(msgspec.Struct):
    id: UUID
    builtin: bool
    brand_id: UUID | None
    name: str
    content_type: str
    industry: str | None
    channel: str | None
    body: str
    variables: list[VariableOut]
    version: int
    created_at: datetime
    updated_at: datetime


class TemplateList(msgspec.Struct):
    items: list[TemplateOut]


class RenderedOut(msgspec.Struct):
    template_id: UUID
    content_type: str
    text: str


def template_out(t: ContentTemplate) -> TemplateOut:
    return TemplateOut(
        id=t.id,
        builtin=t.builtin,
        brand_id=t.brand_id,
        name=t.name,
        content_type=t.content_type.value,
        industry=t.industry,
        channel=t.channel.value if t.channel else None,
        body=t.body,
        variables=[
            VariableOut(
                name=v.name, description=v.description, required=v.required, default=v.default
            )
            for v in t.variables
        ],
        version=t.version,
        created_at=t.created_at,
        updated_at=t.updated_at,
    )


def rendered_out(r: RenderedTemplate) -> RenderedOut:
    return RenderedOut(template_id=r.template_id, content_type=r.content_type, text=r.text)
