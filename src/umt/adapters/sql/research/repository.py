"""The SQL research repository: upserts by (brand, URL), explicit mappers."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_datetime, parse_text
from umt.adapters.sql.research.enrichments import enrichment_from_row, enrichment_row
from umt.adapters.sql.research.tables import brand_enrichments as e
from umt.adapters.sql.research.tables import research_crawls as c
from umt.adapters.sql.research.tables import research_documents as d
from umt.adapters.sql.research.tables import research_sources as s
from umt.domain.research.crawl import CrawlFailure, CrawlStatus, ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource, SourceKind
from umt.domain.research.enrichment import BrandEnrichment
from umt.ports.pagination import Page, PageRequest
from umt.ports.research_repository import DocumentFilter, ResearchRepository

SORT_KEYS = {
    "fetched_at": SortKey(d.c.fetched_at, parse_datetime),
    "created_at": SortKey(d.c.created_at, parse_datetime),
    "url": SortKey(d.c.url, parse_text),
}
_CHUNK = 200  # rows per statement: about 20 parameters each, far below every driver's limit
_KEPT = frozenset({"id", "organization_id", "brand_id", "created_at"})  # on a replace


def source_row(x: ResearchSource) -> dict[str, Any]:
    return {
        "id": x.id,
        "organization_id": x.organization_id,
        "brand_id": x.brand_id,
        "competitor_id": x.competitor_id,
        "url": x.url,
        "kind": x.kind.value,
        "etag": x.etag,
        "last_modified": x.last_modified,
        "fetched_at": x.fetched_at,
        "status": x.status,
        "failure": x.failure,
        "listed": x.listed,
        "created_at": x.created_at,
    }


def source_from_row(row: RowMapping) -> ResearchSource:
    return ResearchSource(**{**row, "kind": SourceKind(row["kind"])})


def document_row(x: ResearchDocument) -> dict[str, Any]:
    return {
        "id": x.id,
        "organization_id": x.organization_id,
        "brand_id": x.brand_id,
        "competitor_id": x.competitor_id,
        "url": x.url,
        "source_url": x.source_url,
        "title": x.title,
        "published_at": x.published_at,
        "text_hash": x.text_hash,
        "word_count": x.word_count,
        "keyphrases": list(x.keyphrases),
        "signature": x.signature,
        "cluster": x.cluster,
        "near_duplicate_of": x.near_duplicate_of,
        "etag": x.etag,
        "last_modified": x.last_modified,
        "fetched_at": x.fetched_at,
        "created_at": x.created_at,
        "updated_at": x.updated_at,
    }


def document_from_row(row: RowMapping) -> ResearchDocument:
    return ResearchDocument(
        **{**row, "keyphrases": tuple(row["keyphrases"]), "signature": bytes(row["signature"])}
    )


def crawl_from_row(row: RowMapping) -> ResearchCrawl:
    return ResearchCrawl(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        competitor_ids=tuple(UUID(x) for x in row["competitor_ids"]),
        requested_by=row["requested_by"],
        status=CrawlStatus(row["status"]),
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        counts=dict(row["counts"]),
        failures=tuple(CrawlFailure(*f) for f in row["failures"]),
    )


class SqlResearchRepository(SqlRepository, ResearchRepository):
    async def sources(self, organization_id: UUID, brand_id: UUID) -> builtins.list[ResearchSource]:
        result = await self._execute(
            select(s)
            .where(s.c.organization_id == organization_id, s.c.brand_id == brand_id)
            .order_by(s.c.url, s.c.competitor_id)
        )
        found = [source_from_row(row) for row in result.mappings()]
        return sorted(found, key=lambda x: (x.url, str(x.competitor_id)))

    async def save_sources(self, sources: Iterable[ResearchSource]) -> None:
        await self._upsert(
            s, [source_row(x) for x in sources], ("brand_id", "competitor_id", "url")
        )

    async def documents_at(
        self, organization_id: UUID, brand_id: UUID, urls: Iterable[str]
    ) -> dict[str, ResearchDocument]:
        wanted = sorted(set(urls))
        found: dict[str, ResearchDocument] = {}
        for start in range(0, len(wanted), _CHUNK):
            result = await self._execute(
                select(d).where(
                    d.c.organization_id == organization_id,
                    d.c.brand_id == brand_id,
                    d.c.url.in_(wanted[start : start + _CHUNK]),
                )
            )
            for row in result.mappings():
                found[row["url"]] = document_from_row(row)
        return found

    async def all_documents(
        self, organization_id: UUID, brand_id: UUID
    ) -> builtins.list[ResearchDocument]:
        result = await self._execute(
            select(d).where(d.c.organization_id == organization_id, d.c.brand_id == brand_id)
        )
        return [document_from_row(row) for row in result.mappings()]

    async def save_documents(self, documents: Iterable[ResearchDocument]) -> None:
        await self._upsert(d, [document_row(x) for x in documents], ("brand_id", "url"))

    async def set_clusters(
        self, organization_id: UUID, brand_id: UUID, clusters: Sequence[tuple[UUID, str | None]]
    ) -> None:
        by_label: dict[str | None, list[UUID]] = {}
        for document_id, label in clusters:
            by_label.setdefault(label, []).append(document_id)
        for label, ids in by_label.items():
            for start in range(0, len(ids), _CHUNK):
                await self._execute(
                    update(d)
                    .where(
                        d.c.organization_id == organization_id,
                        d.c.brand_id == brand_id,
                        d.c.id.in_(ids[start : start + _CHUNK]),
                    )
                    .values(cluster=label)
                )

    async def list_documents(
        self, organization_id: UUID, brand_id: UUID, filters: DocumentFilter, page: PageRequest
    ) -> Page[ResearchDocument]:
        query = select(d).where(d.c.organization_id == organization_id, d.c.brand_id == brand_id)
        if filters.competitor_id is not None:
            query = query.where(d.c.competitor_id == filters.competitor_id)
        if filters.cluster is not None:
            query = query.where(d.c.cluster == filters.cluster)
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=d.c.id, page=page, dialect=self._dialect
        )
        result = await self._execute(query)
        items = [document_from_row(row) for row in result.mappings()]
        return build_page(
            items, page, sort_value=lambda x: getattr(x, page.sort), item_id=lambda x: x.id
        )

    async def add_crawl(self, crawl: ResearchCrawl) -> None:
        await self._execute(
            insert(c).values(
                id=crawl.id,
                organization_id=crawl.organization_id,
                brand_id=crawl.brand_id,
                competitor_ids=[str(x) for x in crawl.competitor_ids],
                requested_by=crawl.requested_by,
                status=crawl.status.value,
                started_at=crawl.started_at,
                finished_at=crawl.finished_at,
                counts=dict(crawl.counts),
                failures=[[f.url, f.reason, f.detail] for f in crawl.failures],
            )
        )
        self._tracker.track(crawl)

    async def get_crawl(self, organization_id: UUID, crawl_id: UUID) -> ResearchCrawl | None:
        result = await self._execute(
            select(c).where(c.c.organization_id == organization_id, c.c.id == crawl_id)
        )
        row = result.mappings().first()
        return None if row is None else crawl_from_row(row)

    async def recent_crawls(
        self, organization_id: UUID, brand_id: UUID, *, limit: int
    ) -> builtins.list[ResearchCrawl]:
        result = await self._execute(
            select(c)
            .where(c.c.organization_id == organization_id, c.c.brand_id == brand_id)
            .order_by(c.c.started_at.desc(), c.c.id.desc())
            .limit(limit)
        )
        return [crawl_from_row(row) for row in result.mappings()]

    async def save_enrichment(self, enrichment: BrandEnrichment) -> None:
        row = enrichment_row(enrichment)
        exists = await self._execute(select(e.c.id).where(e.c.id == enrichment.id))
        if exists.first() is None:
            await self._execute(insert(e).values(row))
        else:
            await self._execute(update(e).where(e.c.id == enrichment.id).values(row))

    async def get_enrichment(
        self, organization_id: UUID, enrichment_id: UUID
    ) -> BrandEnrichment | None:
        result = await self._execute(
            select(e).where(e.c.organization_id == organization_id, e.c.id == enrichment_id)
        )
        row = result.mappings().first()
        return None if row is None else enrichment_from_row(row)

    async def recent_enrichments(
        self, organization_id: UUID, brand_id: UUID, *, limit: int
    ) -> builtins.list[BrandEnrichment]:
        result = await self._execute(
            select(e)
            .where(e.c.organization_id == organization_id, e.c.brand_id == brand_id)
            .order_by(e.c.created_at.desc(), e.c.id.desc())
            .limit(limit)
        )
        return [enrichment_from_row(row) for row in result.mappings()]

    async def _upsert(self, table: Any, rows: list[dict[str, Any]], key: tuple[str, ...]) -> None:
        if not rows:
            return
        insert_: Any = pg_insert if self._dialect == "postgresql" else sqlite_insert
        unique = list({tuple(row[k] for k in key): row for row in rows}.values())
        for start in range(0, len(unique), _CHUNK):
            statement = insert_(table).values(unique[start : start + _CHUNK])
            changed = {name: statement.excluded[name] for name in unique[0] if name not in _KEPT}
            await self._execute(
                statement.on_conflict_do_update(index_elements=list(key), set_=changed)
            )
