"""``platform.research`` (as /api/v1/brands/{id}/research).

Crawl a brand's competitors (now, in this task, or as a job that reports its progress), read
the documents and sources stored, the brand's crawls, and its topic gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from umt.application.agents.jobs import JobDispatcher, SubmitJob
from umt.application.bus import MessageBus
from umt.application.read_models import detached
from umt.application.research.crawl import CheckCrawl, CrawlCompetitors, CrawlReport
from umt.application.research.queries import (
    FindTopicGaps,
    ListResearchCrawls,
    ListResearchDocuments,
    ListResearchSources,
    TopicGapsReport,
)
from umt.application.research.views import (
    ResearchCrawlView,
    ResearchDocumentView,
    ResearchSourceView,
)
from umt.domain.research.crawl import ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.job_store import Job
from umt.ports.pagination import DEFAULT_PAGE_SIZE, Page, PageRequest
from umt.ports.research_repository import DocumentFilter

CRAWL_TIMEOUT_SECONDS = 3600


class ResearchApi(BusApi):
    """Competitor research: crawling needs ``research:run`` (owners, admins, brand managers,
    analysts), reading ``research:read`` (every role)."""

    def __init__(self, bus: MessageBus, dispatcher: JobDispatcher) -> None:
        super().__init__(bus)
        self._dispatcher = dispatcher

    async def crawl(
        self,
        session: Session,
        brand_id: UUID,
        *,
        competitor_ids: Sequence[UUID] = (),
        max_pages: int | None = None,
        link_depth: int | None = None,
    ) -> CrawlReport:
        """Crawl now and wait for the end (minutes for a polite crawl of many pages);
        ``link_depth``: in-page links on the same host followed (0: none)."""
        command = CrawlCompetitors(
            brand_id=brand_id,
            competitor_ids=tuple(competitor_ids),
            max_pages=max_pages,
            link_depth=link_depth,
        )
        return await self._ask(session, command, CrawlReport)

    async def start_crawl(
        self,
        session: Session,
        brand_id: UUID,
        *,
        competitor_ids: Sequence[UUID] = (),
        max_pages: int | None = None,
        link_depth: int | None = None,
    ) -> Job:
        """Check the request, then hand the crawl to the content-strategy agent: a job
        whose ``progress`` moves while it runs (``platform.jobs.wait`` for the end)."""
        command = CrawlCompetitors(
            brand_id=brand_id,
            competitor_ids=tuple(competitor_ids),
            max_pages=max_pages,
            link_depth=link_depth,
        )
        await self._bus.execute(CheckCrawl(request=command), session.principal)
        task_input: dict[str, object] = {
            "brand_id": str(brand_id),
            "competitor_ids": [str(c) for c in command.competitor_ids],
        }
        if max_pages is not None:
            task_input["max_pages"] = max_pages
        if link_depth is not None:
            task_input["link_depth"] = link_depth
        job = await self._dispatcher.submit(
            session.principal,
            SubmitJob(
                task_type="research.crawl",
                input=task_input,
                timeout_seconds=CRAWL_TIMEOUT_SECONDS,
            ),
        )
        return detached(job)

    async def documents(
        self,
        session: Session,
        brand_id: UUID,
        *,
        competitor_id: UUID | None = None,
        cluster: str | None = None,
        sort: str = "created_at",
        descending: bool = False,
        limit: int = DEFAULT_PAGE_SIZE,
        cursor: str | None = None,
    ) -> Page[ResearchDocumentView]:
        """One page of the documents found (sort: created_at, fetched_at, url)."""
        query = ListResearchDocuments(
            brand_id=brand_id,
            filters=DocumentFilter(competitor_id=competitor_id, cluster=cluster),
            page=PageRequest(limit=limit, cursor=cursor, sort=sort, descending=descending),
        )
        found = await self._ask(session, query, Page[ResearchDocument])
        return Page([ResearchDocumentView.of(d) for d in found.items], found.next_cursor)

    async def sources(self, session: Session, brand_id: UUID) -> list[ResearchSourceView]:
        """The feeds, sitemaps and pages read per competitor, and how each last read went."""
        query = ListResearchSources(brand_id=brand_id)
        found = await self._ask(session, query, list[ResearchSource])
        return [ResearchSourceView.of(s) for s in found]

    async def crawls(
        self, session: Session, brand_id: UUID, *, limit: int = 20
    ) -> list[ResearchCrawlView]:
        """The brand's latest crawls, the latest first."""
        query = ListResearchCrawls(brand_id=brand_id, limit=limit)
        found = await self._ask(session, query, list[ResearchCrawl])
        return [ResearchCrawlView.of(c) for c in found]

    async def topic_gaps(
        self,
        session: Session,
        brand_id: UUID,
        *,
        limit: int = 20,
        examples: int = 3,
        half_life_days: float = 30.0,
    ) -> TopicGapsReport:
        """What competitors cover and the brand's own content does not, best first."""
        query = FindTopicGaps(
            brand_id=brand_id, limit=limit, examples=examples, half_life_days=half_life_days
        )
        return await self._ask(session, query, TopicGapsReport)
