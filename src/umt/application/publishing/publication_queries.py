"""Queries of the calendar: GetPublication (with every attempt) and ListPublications (a brand's
or the whole organization's, in a range, by channel, status, project, account or piece)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.publishing.loading import load_publication
from umt.application.publishing.timing import uuid_of
from umt.application.services import Context
from umt.application.shared.inputs import enum_value, require_sort
from umt.application.use_case import UseCase
from umt.domain.brand.channels import Channel
from umt.domain.identity.permissions import Permission
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, ChannelAccountId, ContentId, ProjectId, ScheduleId
from umt.ports.pagination import Page, PageRequest
from umt.ports.publication_repository import PUBLICATION_SORTS, PublicationFilter


@dataclass(frozen=True, slots=True, kw_only=True)
class GetPublication:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_READ, task="publication.get", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    publication_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPublications:
    use_case: ClassVar = UseCase(
        Permission.PUBLISHING_READ, task="publication.list", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    brand_id: UUID | None = None  # None: every brand of the organization within reach
    due_from: datetime | None = None  # inclusive
    due_to: datetime | None = None  # exclusive
    channel: str | None = None
    statuses: Sequence[str] = ()
    project_id: UUID | None = None
    channel_account_id: UUID | None = None
    content_id: UUID | None = None
    schedule_id: UUID | None = None
    page: PageRequest = field(default_factory=lambda: PageRequest(sort="due_at"))


async def get_publication(query: GetPublication, ctx: Context) -> Publication:
    actor = ctx.actor()
    actor.require(GetPublication.use_case.permission)
    async with ctx.uow as uow:
        return await load_publication(uow, actor, query.publication_id)


async def list_publications(query: ListPublications, ctx: Context) -> Page[Publication]:
    actor = ctx.actor()
    actor.require(ListPublications.use_case.permission)
    require_sort(query.page, PUBLICATION_SORTS)
    for name in ("due_from", "due_to"):
        value = getattr(query, name)
        if value is not None and value.tzinfo is None:
            raise InvalidValue(f"{name} needs a UTC offset", field=name)
    if query.due_from and query.due_to and query.due_to <= query.due_from:
        raise InvalidValue("the range ends after it starts", field="to")
    statuses = frozenset(enum_value(PublicationStatus, s, "status") for s in query.statuses)

    def optional(name: str) -> UUID | None:
        value = getattr(query, name)
        return None if value is None else uuid_of(value, name)

    brand_id, project_id = optional("brand_id"), optional("project_id")
    if brand_id is not None:
        actor.require_brand(brand_id)
    account_id, content_id = optional("channel_account_id"), optional("content_id")
    schedule_id = optional("schedule_id")
    filters = PublicationFilter(
        brand_id=None if brand_id is None else BrandId(brand_id),
        brand_ids=actor.brand_scope,
        channel=None if query.channel is None else enum_value(Channel, query.channel, "channel"),
        statuses=statuses or None,
        project_id=None if project_id is None else ProjectId(project_id),
        channel_account_id=None if account_id is None else ChannelAccountId(account_id),
        content_id=None if content_id is None else ContentId(content_id),
        schedule_id=None if schedule_id is None else ScheduleId(schedule_id),
        due_from=query.due_from,
        due_to=query.due_to,
    )
    async with ctx.uow as uow:
        return await uow.publications.list(actor.organization_id, filters, query.page)
