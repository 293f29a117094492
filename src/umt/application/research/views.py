"""Read models of the research context, as the library hands them out (frozen copies)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from umt.domain.research.crawl import CrawlFailure, ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource, SourceKind
from umt.domain.research.enrichment import BrandEnrichment, Suggestion


@dataclass(frozen=True, slots=True, kw_only=True)
class ResearchDocumentView:
    id: UUID
    competitor_id: UUID
    url: str
    source_url: str
    title: str
    published_at: datetime | None
    fetched_at: datetime
    text_hash: str
    word_count: int
    keyphrases: tuple[str, ...]
    cluster: str | None
    near_duplicate_of: str | None
    etag: str | None
    last_modified: str | None

    @classmethod
    def of(cls, d: ResearchDocument) -> ResearchDocumentView:
        return cls(
            id=d.id,
            competitor_id=d.competitor_id,
            url=d.url,
            source_url=d.source_url,
            title=d.title,
            published_at=d.published_at,
            fetched_at=d.fetched_at,
            text_hash=d.text_hash,
            word_count=d.word_count,
            keyphrases=tuple(d.keyphrases),
            cluster=d.cluster,
            near_duplicate_of=d.near_duplicate_of,
            etag=d.etag,
            last_modified=d.last_modified,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResearchSourceView:
    id: UUID
    competitor_id: UUID
    url: str
    kind: SourceKind
    fetched_at: datetime | None
    status: int | None
    failure: str | None
    listed: int
    etag: str | None
    last_modified: str | None

    @classmethod
    def of(cls, s: ResearchSource) -> ResearchSourceView:
        return cls(
            id=s.id,
            competitor_id=s.competitor_id,
            url=s.url,
            kind=s.kind,
            fetched_at=s.fetched_at,
            status=s.status,
            failure=s.failure,
            listed=s.listed,
            etag=s.etag,
            last_modified=s.last_modified,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResearchCrawlView:
    id: UUID
    brand_id: UUID
    competitor_ids: tuple[UUID, ...]
    requested_by: UUID
    status: str
    started_at: datetime
    finished_at: datetime | None
    counts: tuple[tuple[str, int], ...]  # (count, value), by name
    failures: tuple[CrawlFailure, ...]

    @classmethod
    def of(cls, c: ResearchCrawl) -> ResearchCrawlView:
        return cls(
            id=c.id,
            brand_id=c.brand_id,
            competitor_ids=tuple(c.competitor_ids),
            requested_by=c.requested_by,
            status=c.status.value,
            started_at=c.started_at,
            finished_at=c.finished_at,
            counts=tuple(sorted(c.counts.items())),
            failures=tuple(c.failures),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class BrandEnrichmentView:
    """A brand enrichment as the library hands it out: the suggestions (frozen, each with
    its decision), the findings and failures (deep copies of the stored JSON)."""

    id: UUID
    brand_id: UUID
    url: str
    requested_by: UUID
    created_at: datetime
    reviewed_at: datetime | None
    suggestions: tuple[Suggestion, ...]
    findings: dict[str, Any]
    failures: tuple[CrawlFailure, ...]

    @classmethod
    def of(cls, e: BrandEnrichment) -> BrandEnrichmentView:
        return cls(
            id=e.id,
            brand_id=e.brand_id,
            url=e.url,
            requested_by=e.requested_by,
            created_at=e.created_at,
            reviewed_at=e.reviewed_at,
            suggestions=copy.deepcopy(e.suggestions),
            findings=copy.deepcopy(e.findings),
            failures=tuple(e.failures),
        )
