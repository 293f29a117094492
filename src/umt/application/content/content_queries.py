"""Queries on pieces: GetContent and ListContent (filters and full-text search)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.loading import load_content
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.shared.inputs import enum_value, require_sort
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, ProjectId
from umt.ports.content_repository import CONTENT_SORTS, ContentFilter
from umt.ports.pagination import Page, PageRequest

MAX_QUERY = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class GetContent:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="content.get", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListContent:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="content.list", agent=Agent.CONTENT_CREATION
    )
    brand_id: UUID | None = None
    project_id: UUID | None = None
    content_type: str | None = None
    channel: str | None = None
    status: str | None = None
    q: str | None = None  # full-text search; with it, sort "relevance" ranks the hits
    page: PageRequest = field(default_factory=PageRequest)


async def get_content(query: GetContent, ctx: Context) -> ContentPiece:
    actor = ctx.actor()
    actor.require(GetContent.use_case.permission)
    async with ctx.uow as uow:
        return await load_content(uow, actor, query.content_id)


async def list_content(query: ListContent, ctx: Context) -> Page[ContentPiece]:
    actor = ctx.actor()
    actor.require(ListContent.use_case.permission)
    require_sort(query.page, CONTENT_SORTS)
    text = query.q.strip() if query.q else None
    if text is not None and len(text) > MAX_QUERY:
        raise InvalidValue(f"q must be at most {MAX_QUERY} characters", field="q")
    if query.page.sort == "relevance" and not text:
        raise InvalidValue("sorting by relevance needs a search text (q)", field="sort")
    filters = ContentFilter(
        brand_id=BrandId(query.brand_id) if query.brand_id else None,
        project_id=ProjectId(query.project_id) if query.project_id else None,
        content_type=(
            enum_value(ContentType, query.content_type, "content_type")
            if query.content_type
            else None
        ),
        channel=enum_value(Channel, query.channel, "channel") if query.channel else None,
        status=enum_value(ContentStatus, query.status, "status") if query.status else None,
        brand_ids=actor.brand_scope,
        text=text or None,
    )
    async with ctx.uow as uow:
        if query.brand_id is not None:
            await brand_summary(uow, actor, query.brand_id)  # 404 for an unknown brand
        return await uow.content.list(actor.organization_id, filters, query.page)
