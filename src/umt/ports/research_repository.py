"""The ResearchRepository port: a brand's research sources, documents and crawls."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from umt.domain.research.crawl import ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource
from umt.domain.research.enrichment import BrandEnrichment
from umt.ports.pagination import Page, PageRequest

DOCUMENT_SORTS = frozenset({"fetched_at", "created_at", "url"})


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    competitor_id: UUID | None = None
    cluster: str | None = None


class ResearchRepository(Protocol):
    async def sources(self, organization_id: UUID, brand_id: UUID) -> builtins.list[ResearchSource]:
        """Every source of the brand's competitors, by URL."""
        ...

    async def save_sources(self, sources: Iterable[ResearchSource]) -> None:
        """Insert or replace each by (brand, competitor, URL); the id of a stored one stays."""
        ...

    async def documents_at(
        self, organization_id: UUID, brand_id: UUID, urls: Iterable[str]
    ) -> dict[str, ResearchDocument]:
        """The brand's stored documents at those URLs, by URL."""
        ...

    async def all_documents(
        self, organization_id: UUID, brand_id: UUID
    ) -> builtins.list[ResearchDocument]:
        """Every document of the brand (topic analysis reads them whole)."""
        ...

    async def save_documents(self, documents: Iterable[ResearchDocument]) -> None:
        """Insert or replace each by (brand, URL); the id and created_at of a stored one stay."""
        ...

    async def set_clusters(
        self, organization_id: UUID, brand_id: UUID, clusters: Sequence[tuple[UUID, str | None]]
    ) -> None:
        """Set the cluster label of each (document id, label)."""
        ...

    async def list_documents(
        self, organization_id: UUID, brand_id: UUID, filters: DocumentFilter, page: PageRequest
    ) -> Page[ResearchDocument]: ...

    async def add_crawl(self, crawl: ResearchCrawl) -> None: ...

    async def get_crawl(self, organization_id: UUID, crawl_id: UUID) -> ResearchCrawl | None: ...

    async def recent_crawls(
        self, organization_id: UUID, brand_id: UUID, *, limit: int
    ) -> builtins.list[ResearchCrawl]:
        """The brand's last ``limit`` crawls, the latest first."""
        ...

    async def save_enrichment(self, enrichment: BrandEnrichment) -> None:
        """Insert or replace a brand enrichment by id (its decisions change it)."""
        ...

    async def get_enrichment(
        self, organization_id: UUID, enrichment_id: UUID
    ) -> BrandEnrichment | None: ...

    async def recent_enrichments(
        self, organization_id: UUID, brand_id: UUID, *, limit: int
    ) -> builtins.list[BrandEnrichment]:
        """The brand's last ``limit`` enrichments, the latest first."""
        ...
