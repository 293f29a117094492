"""Request and response bodies of competitor research."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.domain.research.crawl import ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource
from umt.domain.research.topics import TopicGap
from umt.entrypoints.http.schemas.common import Input


class CrawlCreate(Input):
    """Which competitors to crawl (none: every competitor not archived), how many pages at
    most (never more than ``UMT_RESEARCH_MAX_PAGES``) and how deep in-page links on the
    same host are followed."""

    competitor_ids: Annotated[
        list[UUID], Meta(max_length=100, examples=[["0190a8c4-7b1e-7c3d-9a51-2f6d8e0b4c11"]])
    ] = msgspec.field(default_factory=list)
    max_pages: Annotated[int, Meta(ge=1, le=100_000, examples=[200])] | None = None
    # in-page links on the same host followed this many hops (0: none; default configured)
    link_depth: Annotated[int, Meta(ge=0, le=3, examples=[1])] | None = None


class DocumentOut(msgspec.Struct):
    id: UUID
    competitor_id: UUID
    url: str
    source_url: str
    title: str
    published_at: datetime | None
    fetched_at: datetime
    text_hash: str
    word_count: int
    keyphrases: list[str]
    cluster: str | None
    near_duplicate_of: str | None
    etag: str | None
    last_modified: str | None


class DocumentPage(msgspec.Struct):
    items: list[DocumentOut]
    next_cursor: str | None = None


class SourceOut(msgspec.Struct):
    id: UUID
    competitor_id: UUID
    url: str
    kind: str
    fetched_at: datetime | None
    status: int | None
    failure: str | None
    listed: int
    etag: str | None
    last_modified: str | None


class SourceList(msgspec.Struct):
    items: list[SourceOut]


class FailureOut(msgspec.Struct):
    url: str
    reason: str
    detail: str


class CrawlOut(msgspec.Struct):
    id: UUID
    competitor_ids: list[UUID]
    status: str
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, int]
    failures: list[FailureOut]


class CrawlList(msgspec.Struct):
    items: list[CrawlOut]


class GapExampleOut(msgspec.Struct):
    url: str
    title: str
    competitor_id: UUID
    published_at: datetime | None


class GapOut(msgspec.Struct):
    topic: str
    keyphrases: list[str]
    competitors: int
    documents: int
    latest_at: datetime
    score: float
    examples: list[GapExampleOut]


class TopicGapsOut(msgspec.Struct):
    brand_id: UUID
    generated_at: datetime
    documents: int
    own_pieces: int
    gaps: list[GapOut]


def document_out(d: ResearchDocument) -> DocumentOut:
    return DocumentOut(
        id=d.id,
        competitor_id=d.competitor_id,
        url=d.url,
        source_url=d.source_url,
        title=d.title,
        published_at=d.published_at,
        fetched_at=d.fetched_at,
        text_hash=d.text_hash,
        word_count=d.word_count,
        keyphrases=list(d.keyphrases),
        cluster=d.cluster,
        near_duplicate_of=d.near_duplicate_of,
        etag=d.etag,
        last_modified=d.last_modified,
    )


def source_out(s: ResearchSource) -> SourceOut:
    return SourceOut(
        id=s.id,
        competitor_id=s.competitor_id,
        url=s.url,
        kind=s.kind.value,
        fetched_at=s.fetched_at,
        status=s.status,
        failure=s.failure,
        listed=s.listed,
        etag=s.etag,
        last_modified=s.last_modified,
    )


def crawl_out(c: ResearchCrawl) -> CrawlOut:
    return CrawlOut(
        id=c.id,
        competitor_ids=list(c.competitor_ids),
        status=c.status.value,
        started_at=c.started_at,
        finished_at=c.finished_at,
        counts=dict(c.counts),
        failures=[FailureOut(f.url, f.reason, f.detail) for f in c.failures],
    )


def gap_out(g: TopicGap) -> GapOut:
    return GapOut(
        topic=g.topic,
        keyphrases=list(g.keyphrases),
        competitors=g.competitors,
        documents=g.documents,
        latest_at=g.latest_at,
        score=g.score,
        examples=[
            GapExampleOut(e.url, e.title, e.competitor_id, e.published_at) for e in g.examples
        ],
    )
