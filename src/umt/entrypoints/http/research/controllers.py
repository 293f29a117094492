"""Competitor research: start a crawl (a job with progress), read the documents and sources
it stored and the brand's crawls, and the topic gaps."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_202_ACCEPTED

from umt.application.research.crawl import CheckCrawl, CrawlCompetitors
from umt.application.research.queries import (
    FindTopicGaps,
    ListResearchCrawls,
    ListResearchDocuments,
    ListResearchSources,
    TopicGapsReport,
)
from umt.domain.research.crawl import ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.research.jobs import job_accepted
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.jobs import JobOut
from umt.entrypoints.http.schemas.research import (
    CrawlCreate,
    CrawlList,
    DocumentPage,
    SourceList,
    TopicGapsOut,
    crawl_out,
    document_out,
    gap_out,
    source_out,
)
from umt.ports.pagination import Page
from umt.ports.research_repository import DocumentFilter

CRAWL_TASK = "research.crawl"
CRAWL_TIMEOUT_SECONDS = 3600  # a polite crawl of hundreds of pages takes minutes
CRAWL_RESPONSES = {
    **PROTECTED_ERRORS,
    202: ResponseSpec(
        data_container=JobOut,
        generate_examples=False,
        description="The crawl, handed to the content-strategy agent: poll GET "
        "/api/v1/jobs/{id} (named by Location) for its progress (stage, done, total, counts) "
        "and its result (the crawl's id, counts and failures)",
    ),
}
TOPIC_GAPS_200 = ResponseSpec(
    data_container=TopicGapsOut,
    generate_examples=False,
    description="The gaps, best first: each topic's keyphrases, the competitors and "
    "documents on it, its latest date, its score and example competitor URLs",
    examples=[
        Example(
            id="two-gaps",
            summary="Two topics rivals write about that the brand's content does not",
            value={
                "brand_id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c00",
                "generated_at": "2026-03-01T09:00:00Z",
                "documents": 412,
                "own_pieces": 57,
                "gaps": [
                    {
                        "topic": "cold outreach sequences",
                        "keyphrases": ["cold outreach sequences", "follow-ups", "reply rates"],
                        "competitors": 3,
                        "documents": 9,
                        "latest_at": "2026-02-26T09:00:00Z",
                        "score": 14.82,
                        "examples": [
                            {
                                "url": "https://rival.example/blog/outreach",
                                "title": "Cold outreach that works",
                                "competitor_id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c11",
                                "published_at": "2026-02-26T09:00:00Z",
                            }
                        ],
                    },
                    {
                        "topic": "pricing pages",
                        "keyphrases": ["pricing pages", "pricing tiers"],
                        "competitors": 2,
                        "documents": 4,
                        "latest_at": "2026-02-20T09:00:00Z",
                        "score": 5.37,
                        "examples": [
                            {
                                "url": "https://another.example/pricing-page-tests",
                                "title": "Pricing pages that convert",
                                "competitor_id": "0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c12",
                                "published_at": "2026-02-20T09:00:00Z",
                            }
                        ],
                    },
                ],
            },
        )
    ],
)
CompetitorFilter = Annotated[
    UUID | None, QueryParameter(description="Only this competitor's documents")
]
ClusterFilter = Annotated[
    str | None, QueryParameter(max_length=200, description="Only this topic cluster")
]


class ResearchController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}/research"
    tags = ["research"]
    security = BEARER

    @post(
        "/crawls",
        status_code=HTTP_202_ACCEPTED,
        summary="Crawl the brand's competitors' feeds, sitemaps and pages (a job)",
        description="Checked at once (an unknown brand or competitor is 404, research not "
        "configured 503), then run by the content-strategy agent: robots.txt honoured, one "
        "request per host at a time with its crawl-delay, conditional GETs, every address "
        "checked by the SSRF guard. Ends with the research.completed event.",
        responses=CRAWL_RESPONSES,
        opt=requires_for(CrawlCompetitors),
    )
    async def crawl(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[CrawlCreate],
        principal: Caller,
        bus: Bus,
        request: Request[Any, Any, Any],
    ) -> Response[JobOut]:
        command = CrawlCompetitors(
            brand_id=brand_id,
            competitor_ids=tuple(dict.fromkeys(data.competitor_ids)),
            max_pages=data.max_pages,
            link_depth=data.link_depth,
        )
        await bus.execute(CheckCrawl(request=command), principal)
        payload: dict[str, Any] = {
            "brand_id": str(brand_id),
            "competitor_ids": [str(c) for c in command.competitor_ids],
        }
        if data.max_pages is not None:
            payload["max_pages"] = data.max_pages
        if data.link_depth is not None:
            payload["link_depth"] = data.link_depth
        return await job_accepted(request, principal, CRAWL_TASK, payload, CRAWL_TIMEOUT_SECONDS)

    @get(
        "/crawls",
        summary="The brand's latest crawls, with their counts and failures",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListResearchCrawls),
    )
    async def crawls(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
    ) -> CrawlList:
        query = ListResearchCrawls(brand_id=brand_id, limit=limit)
        found = await bus.ask(query, list[ResearchCrawl], principal)
        return CrawlList(items=[crawl_out(c) for c in found])

    @get(
        "/documents",
        summary="The competitor documents found (sort: created_at, fetched_at, url)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListResearchDocuments),
    )
    async def documents(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        page: Paging,
        competitor_id: CompetitorFilter = None,
        cluster: ClusterFilter = None,
    ) -> DocumentPage:
        query = ListResearchDocuments(
            brand_id=brand_id,
            filters=DocumentFilter(competitor_id=competitor_id, cluster=cluster),
            page=page,
        )
        found = await bus.ask(query, Page[ResearchDocument], principal)
        return DocumentPage(
            items=[document_out(d) for d in found.items], next_cursor=found.next_cursor
        )

    @get(
        "/sources",
        summary="The feeds, sitemaps and pages read per competitor, and how the last read went",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListResearchSources),
    )
    async def sources(self, brand_id: FromPath[UUID], principal: Caller, bus: Bus) -> SourceList:
        found = await bus.ask(
            ListResearchSources(brand_id=brand_id), list[ResearchSource], principal
        )
        return SourceList(items=[source_out(s) for s in found])

    @get(
        "/topic-gaps",
        summary="What competitors cover and the brand's own content does not, ranked",
        description="Topic clusters of the competitor documents that the brand's content "
        "library does not cover, ranked by the number of competitors on the topic times the "
        "recency-weighted number of their documents; each with example URLs.",
        responses={**PROTECTED_ERRORS, 200: TOPIC_GAPS_200},
        opt=requires_for(FindTopicGaps),
    )
    async def topic_gaps(
        self,
        brand_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
        examples: Annotated[int, QueryParameter(ge=0, le=10)] = 3,
        half_life_days: FromQuery[Annotated[float, QueryParameter(ge=1, le=3650)]] = 30.0,
    ) -> TopicGapsOut:
        query = FindTopicGaps(
            brand_id=brand_id, limit=limit, examples=examples, half_life_days=half_life_days
        )
        report = await bus.ask(query, TopicGapsReport, principal)
        return TopicGapsOut(
            brand_id=report.brand_id,
            generated_at=report.generated_at,
            documents=report.documents,
            own_pieces=report.own_pieces,
            gaps=[gap_out(g) for g in report.gaps],
        )
