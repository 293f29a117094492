"""In-memory research sources, documents and crawls (the embedded default and the fake the
unit tests run on; tests/contracts/test_research_repository.py holds it to the SQL ones)."""

from __future__ import annotations

import builtins
import copy
from collections.abc import Iterable, Sequence
from dataclasses import replace
from uuid import UUID

from umt.adapters.memory.store import InMemoryRepository, detached
from umt.domain.research.crawl import ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource
from umt.domain.research.enrichment import BrandEnrichment
from umt.domain.shared.errors import InvalidValue
from umt.ports.pagination import Page, PageRequest, paginate
from umt.ports.research_repository import DOCUMENT_SORTS, DocumentFilter, ResearchRepository


class InMemoryResearchRepository(InMemoryRepository, ResearchRepository):
    async def sources(self, organization_id: UUID, brand_id: UUID) -> builtins.list[ResearchSource]:
        found = [
            copy.copy(s)
            for (org, brand, _, _), s in self._store.research_sources.items()
            if org == organization_id and brand == brand_id
        ]
        return sorted(found, key=lambda s: (s.url, str(s.competitor_id)))

    async def save_sources(self, sources: Iterable[ResearchSource]) -> None:
        table = self._store.research_sources
        for source in sources:
            key = (source.organization_id, source.brand_id, source.competitor_id, source.url)
            snapshot = copy.copy(source)

            def write(
                key: tuple[UUID, UUID, UUID, str] = key, new: ResearchSource = snapshot
            ) -> None:
                stored = table.get(key)
                table[key] = (
                    new
                    if stored is None
                    else replace(new, id=stored.id, created_at=stored.created_at)
                )

            self._tx.stage(write)

    async def documents_at(
        self, organization_id: UUID, brand_id: UUID, urls: Iterable[str]
    ) -> dict[str, ResearchDocument]:
        table = self._store.research_documents
        found: dict[str, ResearchDocument] = {}
        for url in urls:
            stored = table.get((organization_id, brand_id, url))
            if stored is not None:
                found[url] = copy.copy(stored)
        return found

    async def all_documents(
        self, organization_id: UUID, brand_id: UUID
    ) -> builtins.list[ResearchDocument]:
        return [
            copy.copy(d)
            for (org, brand, _), d in self._store.research_documents.items()
            if org == organization_id and brand == brand_id
        ]

    async def save_documents(self, documents: Iterable[ResearchDocument]) -> None:
        table = self._store.research_documents
        for document in documents:
            key = (document.organization_id, document.brand_id, document.url)
            snapshot = copy.copy(document)

            def write(key: tuple[UUID, UUID, str] = key, new: ResearchDocument = snapshot) -> None:
                stored = table.get(key)
                table[key] = (
                    new
                    if stored is None
                    else replace(new, id=stored.id, created_at=stored.created_at)
                )

            self._tx.stage(write)

    async def set_clusters(
        self, organization_id: UUID, brand_id: UUID, clusters: Sequence[tuple[UUID, str | None]]
    ) -> None:
        labels = dict(clusters)
        table = self._store.research_documents

        def write() -> None:
            for key, stored in table.items():
                if key[0] == organization_id and key[1] == brand_id and stored.id in labels:
                    table[key] = replace(stored, cluster=labels[stored.id])

        self._tx.stage(write)

    async def list_documents(
        self, organization_id: UUID, brand_id: UUID, filters: DocumentFilter, page: PageRequest
    ) -> Page[ResearchDocument]:
        if page.sort not in DOCUMENT_SORTS:
            raise InvalidValue(
                f"cannot sort by {page.sort!r}; use one of {sorted(DOCUMENT_SORTS)}", field="sort"
            )
        matching = [
            d
            for d in await self.all_documents(organization_id, brand_id)
            if (filters.competitor_id is None or d.competitor_id == filters.competitor_id)
            and (filters.cluster is None or d.cluster == filters.cluster)
        ]
        return paginate(
            matching, page, sort_value=lambda d: getattr(d, page.sort), item_id=lambda d: d.id
        )

    async def add_crawl(self, crawl: ResearchCrawl) -> None:
        snapshot = detached(crawl)
        self._tx.stage(lambda: self._store.research_crawls.__setitem__(crawl.id, snapshot))
        self._tracker.track(crawl)

    async def get_crawl(self, organization_id: UUID, crawl_id: UUID) -> ResearchCrawl | None:
        stored = self._store.research_crawls.get(crawl_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return detached(stored)

    async def recent_crawls(
        self, organization_id: UUID, brand_id: UUID, *, limit: int
    ) -> builtins.list[ResearchCrawl]:
        found = [
            c
            for c in self._store.research_crawls.values()
            if c.organization_id == organization_id and c.brand_id == brand_id
        ]
        found.sort(key=lambda c: (c.started_at, c.id), reverse=True)
        return [detached(c) for c in found[:limit]]

    async def save_enrichment(self, enrichment: BrandEnrichment) -> None:
        snapshot = detached(enrichment)
        self._tx.stage(lambda: self._store.brand_enrichments.__setitem__(enrichment.id, snapshot))

    async def get_enrichment(
        self, organization_id: UUID, enrichment_id: UUID
    ) -> BrandEnrichment | None:
        stored = self._store.brand_enrichments.get(enrichment_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        return detached(stored)

    async def recent_enrichments(
        self, organization_id: UUID, brand_id: UUID, *, limit: int
    ) -> builtins.list[BrandEnrichment]:
        found = [
            e
            for e in self._store.brand_enrichments.values()
            if e.organization_id == organization_id and e.brand_id == brand_id
        ]
        found.sort(key=lambda e: (e.created_at, e.id), reverse=True)
        return [detached(e) for e in found[:limit]]
