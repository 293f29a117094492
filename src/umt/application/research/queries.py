"""What the research context answers: topic gaps (task ``research.topic_gaps``), the
documents found, the sources read, and the crawls' records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.research.crawl import ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource
from umt.domain.research.topics import TopicGap, own_phrases, topic_gaps
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.ports.clock import Clock
from umt.ports.content_repository import ContentFilter, searchable_text
from umt.ports.pagination import Page, PageRequest
from umt.ports.research_repository import DocumentFilter
from umt.ports.unit_of_work import UnitOfWork

MAX_OWN_PIECES = 2000  # of the brand's own content compared (the most recent)
_OWN_PAGE = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class FindTopicGaps:
    use_case: ClassVar = UseCase(
        Permission.RESEARCH_READ, task="research.topic_gaps", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    limit: int = 20
    examples: int = 3  # competitor URLs per gap
    half_life_days: float = 30.0  # a document's weight halves every this many days


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicGapsReport:
    brand_id: UUID
    generated_at: datetime
    documents: int  # competitor documents considered (near-duplicates excluded)
    own_pieces: int  # pieces of the brand's own content compared
    gaps: tuple[TopicGap, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListResearchDocuments:
    use_case: ClassVar = UseCase(Permission.RESEARCH_READ)
    brand_id: UUID
    filters: DocumentFilter = field(default_factory=DocumentFilter)
    page: PageRequest = field(default_factory=lambda: PageRequest(sort="fetched_at"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ListResearchSources:
    use_case: ClassVar = UseCase(Permission.RESEARCH_READ)
    brand_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListResearchCrawls:
    use_case: ClassVar = UseCase(Permission.RESEARCH_READ)
    brand_id: UUID
    limit: int = 20


async def find_topic_gaps(query: FindTopicGaps, ctx: Context, *, clock: Clock) -> TopicGapsReport:
    actor = ctx.actor()
    actor.require(FindTopicGaps.use_case.permission)
    if not 1 <= query.limit <= 100:
        raise InvalidValue("limit must be between 1 and 100", field="limit")
    if not 0 <= query.examples <= 10:
        raise InvalidValue("examples must be between 0 and 10", field="examples")
    if not 1 <= query.half_life_days <= 3650:
        raise InvalidValue("half_life_days must be between 1 and 3650", field="half_life_days")
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, query.brand_id)
        documents = await uow.research.all_documents(brand.organization_id, brand.id)
        own = await own_texts(uow, brand.organization_id, brand.id)
    gaps = topic_gaps(
        documents,
        own_phrases(own),
        now=clock.now(),
        half_life_days=query.half_life_days,
        limit=query.limit,
        examples=query.examples,
    )
    return TopicGapsReport(
        brand_id=brand.id,
        generated_at=clock.now(),
        documents=sum(1 for d in documents if d.near_duplicate_of is None),
        own_pieces=len(own),
        gaps=tuple(gaps),
    )


async def list_research_documents(
    query: ListResearchDocuments, ctx: Context
) -> Page[ResearchDocument]:
    actor = ctx.actor()
    actor.require(ListResearchDocuments.use_case.permission)
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, query.brand_id)
        return await uow.research.list_documents(
            brand.organization_id, brand.id, query.filters, query.page
        )


async def list_research_sources(query: ListResearchSources, ctx: Context) -> list[ResearchSource]:
    actor = ctx.actor()
    actor.require(ListResearchSources.use_case.permission)
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, query.brand_id)
        return await uow.research.sources(brand.organization_id, brand.id)


async def list_research_crawls(query: ListResearchCrawls, ctx: Context) -> list[ResearchCrawl]:
    """The brand's latest crawls (their counts and failures), the latest first."""
    actor = ctx.actor()
    actor.require(ListResearchCrawls.use_case.permission)
    if not 1 <= query.limit <= 100:
        raise InvalidValue("limit must be between 1 and 100", field="limit")
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, query.brand_id)
        return await uow.research.recent_crawls(brand.organization_id, brand.id, limit=query.limit)


async def own_texts(
    uow: UnitOfWork, organization_id: OrganizationId, brand_id: BrandId
) -> list[str]:
    """The brand's own content (title, body and keyword fields of each piece's current
    version), most recent first, up to ``MAX_OWN_PIECES``."""
    texts: list[str] = []
    page = PageRequest(limit=_OWN_PAGE, sort="updated_at", descending=True)
    while len(texts) < MAX_OWN_PIECES:
        found = await uow.content.list(organization_id, ContentFilter(brand_id=brand_id), page)
        texts.extend(searchable_text(piece.current.draft) for piece in found.items)
        if found.next_cursor is None:
            break
        page = PageRequest(
            limit=_OWN_PAGE, sort="updated_at", descending=True, cursor=found.next_cursor
        )
    return texts[:MAX_OWN_PIECES]
