"""Contract of ResearchRepository on memory, SQLite and PostgreSQL: sources and documents
upsert by URL (keeping their id), documents page and filter, clusters are set, crawls
round-trip, brand enrichments are replaced whole by id (their decisions), and nothing
crosses organizations or brands."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from tests.contracts.builders import T0
from tests.contracts.conftest import UowFactory

from umt.domain.research.crawl import CrawlFailure, ResearchCrawl
from umt.domain.research.document import ResearchDocument, ResearchSource, SourceKind
from umt.domain.research.enrichment import BrandEnrichment, Decision, Suggestion
from umt.ports.pagination import PageRequest
from umt.ports.research_repository import DocumentFilter

ORG, BRAND, RIVAL = uuid4(), uuid4(), uuid4()


def document(url: str, **kw: Any) -> ResearchDocument:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": ORG,
        "brand_id": BRAND,
        "competitor_id": RIVAL,
        "url": url,
        "source_url": "https://rival.example/feed.xml",
        "title": "Email deliverability, explained",
        "published_at": T0 - timedelta(days=2),
        "text_hash": "ab" * 32,
        "word_count": 640,
        "keyphrases": ("email deliverability", "warm domains"),
        "signature": bytes(range(256)),
        "fetched_at": T0,
        "created_at": T0,
        "updated_at": T0,
        "etag": '"v1"',
        "last_modified": "Mon, 07 Dec 2026 10:00:00 GMT",
    }
    fields.update(kw)
    return ResearchDocument(**fields)


def source(url: str, **kw: Any) -> ResearchSource:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": ORG,
        "brand_id": BRAND,
        "competitor_id": RIVAL,
        "url": url,
        "kind": SourceKind.FEED,
        "created_at": T0,
    }
    fields.update(kw)
    return ResearchSource(**fields)


async def test_sources_upsert_by_url_and_keep_their_id(uow_factory: UowFactory) -> None:
    first = source("https://rival.example/feed.xml")
    async with uow_factory() as uow:
        await uow.research.save_sources(
            [first, source("https://rival.example/sitemap.xml", kind=SourceKind.SITEMAP)]
        )
        await uow.commit()
    read = replace(
        source("https://rival.example/feed.xml"),
        etag='"v2"',
        last_modified="Tue, 08 Dec 2026 10:00:00 GMT",
        fetched_at=T0,
        status=200,
        listed=12,
    )
    async with uow_factory() as uow:
        await uow.research.save_sources([read])
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.research.sources(ORG, BRAND)
        assert await uow.research.sources(uuid4(), BRAND) == []
    assert [x.url for x in stored] == [
        "https://rival.example/feed.xml",
        "https://rival.example/sitemap.xml",
    ]
    assert stored[0] == replace(read, id=first.id)
    assert stored[1].kind is SourceKind.SITEMAP


async def test_documents_upsert_by_url_and_are_found_by_url(uow_factory: UowFactory) -> None:
    a = document("https://rival.example/a")
    async with uow_factory() as uow:
        await uow.research.save_documents([a, document("https://rival.example/b")])
        await uow.commit()
    changed = document(
        "https://rival.example/a",
        title="Changed",
        text_hash="cd" * 32,
        created_at=T0 + timedelta(days=1),
        updated_at=T0 + timedelta(days=1),
        near_duplicate_of="https://rival.example/b",
    )
    async with uow_factory() as uow:
        await uow.research.save_documents([changed])
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.research.documents_at(
            ORG, BRAND, ["https://rival.example/a", "https://rival.example/none"]
        )
        assert await uow.research.documents_at(ORG, uuid4(), ["https://rival.example/a"]) == {}
        every = await uow.research.all_documents(ORG, BRAND)
    assert list(found) == ["https://rival.example/a"]
    assert found["https://rival.example/a"] == replace(changed, id=a.id, created_at=T0)
    assert sorted(d.url for d in every) == ["https://rival.example/a", "https://rival.example/b"]


async def test_clusters_are_set_and_documents_filter_and_page(uow_factory: UowFactory) -> None:
    other = uuid4()
    docs = [
        document(f"https://rival.example/{n}", fetched_at=T0 + timedelta(minutes=n))
        for n in range(5)
    ] + [document("https://other.example/x", competitor_id=other)]
    async with uow_factory() as uow:
        await uow.research.save_documents(docs)
        await uow.research.set_clusters(
            ORG,
            BRAND,
            [(d.id, "email deliverability" if n % 2 else None) for n, d in enumerate(docs)],
        )
        await uow.commit()
    async with uow_factory() as uow:
        clustered = await uow.research.list_documents(
            ORG, BRAND, DocumentFilter(cluster="email deliverability"), PageRequest(sort="url")
        )
        first = await uow.research.list_documents(
            ORG,
            BRAND,
            DocumentFilter(competitor_id=RIVAL),
            PageRequest(limit=3, sort="fetched_at", descending=True),
        )
        rest = await uow.research.list_documents(
            ORG,
            BRAND,
            DocumentFilter(competitor_id=RIVAL),
            PageRequest(limit=3, sort="fetched_at", descending=True, cursor=first.next_cursor),
        )
    assert [d.url for d in clustered.items] == [
        "https://other.example/x",
        "https://rival.example/1",
        "https://rival.example/3",
    ]
    assert [d.url for d in first.items + rest.items] == [
        f"https://rival.example/{n}" for n in (4, 3, 2, 1, 0)
    ]
    assert rest.next_cursor is None


async def test_a_crawl_round_trips_in_its_organization(uow_factory: UowFactory) -> None:
    crawl = ResearchCrawl(
        id=uuid4(),
        organization_id=ORG,
        brand_id=BRAND,
        competitor_ids=(RIVAL,),
        requested_by=uuid4(),
        started_at=T0,
    )
    crawl.finish(
        counts={"pages_fetched": 3, "not_modified": 1},
        failures=[CrawlFailure("https://rival.example/x", "timed_out", "no answer")],
        now=T0 + timedelta(seconds=5),
    )
    async with uow_factory() as uow:
        await uow.research.add_crawl(crawl)
        await uow.commit()
        events = uow.collect_events()
    async with uow_factory() as uow:
        stored = await uow.research.get_crawl(ORG, crawl.id)
        assert await uow.research.get_crawl(uuid4(), crawl.id) is None
        later = replace(crawl, id=uuid4(), started_at=T0 + timedelta(hours=1), events=[])
        await uow.research.add_crawl(later)
        await uow.commit()
    async with uow_factory() as uow:
        recent = await uow.research.recent_crawls(ORG, BRAND, limit=5)
        assert await uow.research.recent_crawls(ORG, uuid4(), limit=5) == []
    assert [c.id for c in recent] == [later.id, crawl.id]
    assert [e.event_type for e in events] == ["research.completed"]
    assert stored == replace(crawl, events=[])
    assert isinstance(stored.competitor_ids[0], UUID)


async def test_an_enrichment_round_trips_and_its_decisions_replace_it(
    uow_factory: UowFactory,
) -> None:
    enrichment = BrandEnrichment(
        id=uuid4(),
        organization_id=ORG,
        brand_id=BRAND,
        url="https://acme.example/",
        requested_by=uuid4(),
        created_at=T0,
        suggestions=(
            Suggestion(field="name", value="Acme", found_in="og:site_name"),
            Suggestion(
                field="palette",
                value=[{"role": "primary", "color": "#e4572e"}],
                found_in="CSS",
            ),
        ),
        findings={"social_links": {"x": "https://x.com/acme"}, "page_truncated": False},
        failures=(CrawlFailure("https://acme.example/a.css", "too_large", "over"),),
    )
    async with uow_factory() as uow:
        await uow.research.save_enrichment(enrichment)
        await uow.commit()
    decider = uuid4()
    async with uow_factory() as uow:
        stored = await uow.research.get_enrichment(ORG, enrichment.id)
        assert stored == enrichment
        assert await uow.research.get_enrichment(uuid4(), enrichment.id) is None
        stored.decide(["palette"], Decision.REJECTED, by=decider, now=T0 + timedelta(hours=1))
        await uow.research.save_enrichment(stored)
        later = replace(enrichment, id=uuid4(), created_at=T0 + timedelta(days=1), events=[])
        await uow.research.save_enrichment(later)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.research.get_enrichment(ORG, enrichment.id)
        recent = await uow.research.recent_enrichments(ORG, BRAND, limit=5)
        assert await uow.research.recent_enrichments(ORG, uuid4(), limit=5) == []
    assert again is not None
    assert again.reviewed_at == T0 + timedelta(hours=1)
    palette = again.suggestions[1]
    assert (palette.decision, palette.decided_by) == (Decision.REJECTED, decider)
    assert palette.decided_at == T0 + timedelta(hours=1)
    assert again.suggestions[0].decision is Decision.SUGGESTED
    assert [e.id for e in recent] == [later.id, enrichment.id]
