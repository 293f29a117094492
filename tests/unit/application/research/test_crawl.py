"""research.crawl on fixture sites: feeds, a sitemap index with a gzip sitemap, robots.txt
rules, a guessed /sitemap.xml, near-duplicates, slow pages and a redirect to the metadata
address; a second crawl asks conditionally and changes nothing; topic gaps follow."""

from __future__ import annotations

import dataclasses
from uuid import uuid4

import pytest
from tests.unit.application.research.conftest import Rivals

from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.memory.store import InMemoryStore
from umt.application.agents.progress import running_job
from umt.application.brand.competitors import ArchiveCompetitor
from umt.application.bus import MessageBus
from umt.application.content.create_content import CreateContent
from umt.application.dependencies import MissingDependency
from umt.application.handlers import HANDLERS
from umt.application.principal import Principal
from umt.application.research.crawl import CheckCrawl, CrawlCompetitors, CrawlReport
from umt.application.research.queries import (
    FindTopicGaps,
    ListResearchCrawls,
    ListResearchDocuments,
    ListResearchSources,
    TopicGapsReport,
)
from umt.domain.identity.permissions import Role
from umt.domain.research.crawl import ResearchCrawl
from umt.domain.research.document import SourceKind
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from umt.ports.job_store import Job, JobStatus
from umt.ports.pagination import Page, PageRequest


async def crawl(bus: MessageBus, owner: Principal, rivals: Rivals, **kw: object) -> CrawlReport:
    report: CrawlReport = await bus.execute(
        CrawlCompetitors(brand_id=rivals.brand.id, **kw),  # type: ignore[arg-type]
        owner,
    )
    return report


async def documents(bus: MessageBus, owner: Principal, rivals: Rivals) -> dict[str, object]:
    page: Page = await bus.execute(  # type: ignore[type-arg]
        ListResearchDocuments(brand_id=rivals.brand.id, page=PageRequest(sort="url", limit=50)),
        owner,
    )
    return {d.url: d for d in page.items}


async def test_a_crawl_reads_every_source_politely_and_stores_the_documents(
    bus: MessageBus, owner: Principal, rivals: Rivals, store: InMemoryStore
) -> None:
    a, b = rivals.site_a.base_url, rivals.site_b.base_url
    report = await crawl(bus, owner, rivals)
    found = await documents(bus, owner, rivals)

    assert sorted(found) == sorted(
        [
            f"{a}/",
            f"{a}/blog/outreach",
            f"{a}/blog/deliverability",
            f"{a}/blog/pricing",
            f"{b}/",
            f"{b}/copied",
        ]
    )
    counts = report.counts
    assert counts["documents_new"] == 6
    assert counts["pages_disallowed"] == 1  # /private/plans, never requested
    assert "/private/plans" not in rivals.site_a.paths()
    assert counts["near_duplicates"] == 1
    assert {(f.url, f.reason) for f in report.failures} >= {
        (f"{a}/private/plans", "robots_disallowed"),
        (f"{b}/slow", "timed_out"),
        (f"{b}/moved", "unsafe_destination"),
    }
    outreach, copy = found[f"{a}/blog/outreach"], found[f"{b}/copied"]
    assert copy.near_duplicate_of == outreach.url  # type: ignore[attr-defined]
    assert outreach.source_url == f"{a}/feed.xml"  # type: ignore[attr-defined]
    assert found[f"{a}/blog/pricing"].source_url == f"{a}/posts.xml.gz"  # type: ignore[attr-defined]
    assert outreach.competitor_id == rivals.a.id  # type: ignore[attr-defined]
    assert copy.competitor_id == rivals.b.id  # type: ignore[attr-defined]
    assert outreach.etag == '"o1"'  # type: ignore[attr-defined]
    assert "cold outreach" in " ".join(outreach.keyphrases)  # type: ignore[attr-defined]
    assert outreach.cluster == copy.cluster  # type: ignore[attr-defined]
    assert outreach.cluster != found[f"{a}/blog/pricing"].cluster  # type: ignore[attr-defined]
    assert outreach.published_at.isoformat() == "2026-02-26T09:00:00+00:00"  # type: ignore[attr-defined]
    # the crawl's record, and its event for webhooks
    (record,) = await bus.execute(ListResearchCrawls(brand_id=rivals.brand.id), owner)
    assert isinstance(record, ResearchCrawl)
    assert record.id == report.crawl_id
    assert record.counts == report.counts
    assert [m.event_type for m in store.outbox].count("research.completed") == 1
    # robots.txt read once per host, before anything else there
    assert rivals.site_a.paths()[0] == "/robots.txt"
    assert rivals.site_a.paths().count("/robots.txt") == 1


async def test_a_second_crawl_asks_conditionally_and_changes_nothing(
    bus: MessageBus, owner: Principal, rivals: Rivals
) -> None:
    await crawl(bus, owner, rivals)
    before = await documents(bus, owner, rivals)
    hits = len(rivals.site_a.hits)
    again = await crawl(bus, owner, rivals)
    after = await documents(bus, owner, rivals)

    assert again.counts.get("documents_new", 0) == 0
    assert again.counts.get("documents_updated", 0) == 0
    assert again.counts["sources_unchanged"] >= 2  # the feed (ETag), B's sitemap (ETag)
    assert again.counts["pages_not_modified"] == 1  # A's home page, asked with its ETag
    assert again.counts["documents_unchanged"] == 1  # B's home page: no ETag, the same text
    assert again.counts["pages_unchanged_by_lastmod"] == 1  # pricing: lastmod before its read
    second = rivals.site_a.hits[hits:]
    feed = next(h for h in second if h.path == "/feed.xml")
    assert feed.headers["if-none-match"] == '"feed-1"'
    assert "/blog/pricing" not in [h.path for h in second]
    assert {u: d.id for u, d in after.items()} == {u: d.id for u, d in before.items()}  # type: ignore[attr-defined]
    sources = await bus.execute(ListResearchSources(brand_id=rivals.brand.id), owner)
    kinds = {s.url: s.kind for s in sources}
    assert kinds[f"{rivals.site_a.base_url}/feed.xml"] is SourceKind.FEED
    assert kinds[f"{rivals.site_a.base_url}/posts.xml.gz"] is SourceKind.SITEMAP
    assert kinds[f"{rivals.site_b.base_url}/sitemap.xml"] is SourceKind.SITEMAP


async def test_topic_gaps_are_what_rivals_cover_and_the_brand_does_not(
    bus: MessageBus, owner: Principal, rivals: Rivals
) -> None:
    await crawl(bus, owner, rivals)
    await bus.execute(
        CreateContent(
            brand_id=rivals.brand.id,
            content_type="blog_post",
            channel="blog",
            title="Email deliverability for small senders",
            body="Warm your domains, watch spam traps and keep email deliverability high.",
        ),
        owner,
    )
    report: TopicGapsReport = await bus.execute(
        FindTopicGaps(brand_id=rivals.brand.id, examples=2), owner
    )
    topics = [g.topic for g in report.gaps]
    assert report.own_pieces == 1
    assert not any("deliverability" in t for t in topics)
    outreach = next(g for g in report.gaps if "outreach" in g.topic)
    assert outreach.documents == 1  # B's copy counts once, as A's
    assert [e.url for e in outreach.examples] == [f"{rivals.site_a.base_url}/blog/outreach"]
    assert any("pricing" in t for t in topics)
    with pytest.raises(InvalidValue):
        await bus.execute(FindTopicGaps(brand_id=rivals.brand.id, limit=0), owner)


async def test_the_crawl_reports_its_progress_on_its_job(
    bus: MessageBus, owner: Principal, rivals: Rivals, jobs: InMemoryJobStore
) -> None:
    job = Job(
        id=uuid4(),
        organization_id=owner.organization_id,
        user_id=owner.user_id,
        agent="content-strategy",
        task_type="research.crawl",
        status=JobStatus.RUNNING,
        created_at=rivals.brand.created_at,
        updated_at=rivals.brand.created_at,
    )
    await jobs.create(job)
    with running_job(job.id):
        report = await crawl(bus, owner, rivals, competitor_ids=(rivals.b.id,))
    stored = await jobs.get(owner.organization_id, job.id)
    assert stored is not None
    assert stored.progress is not None
    assert stored.progress["stage"] == "done"
    assert stored.progress["done"] == stored.progress["total"] == 4  # B's home and 3 pages
    assert report.competitor_ids == (rivals.b.id,)
    assert rivals.site_a.hits == []  # only B was crawled


async def test_who_may_crawl_what(
    bus: MessageBus, owner: Principal, other_owner: Principal, rivals: Rivals
) -> None:
    viewer = Principal.for_member(owner.user_id, owner.organization_id, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await crawl(bus, viewer, rivals)
    with pytest.raises(NotFound):
        await crawl(bus, other_owner, rivals)
    with pytest.raises(NotFound):
        await crawl(bus, owner, rivals, competitor_ids=(uuid4(),))
    with pytest.raises(InvalidValue):
        await crawl(bus, owner, rivals, max_pages=0)
    checked = await bus.execute(
        CheckCrawl(request=CrawlCompetitors(brand_id=rivals.brand.id)), owner
    )
    assert checked == (rivals.a.id, rivals.b.id)  # by name
    with pytest.raises(NotFound):
        await bus.execute(
            CheckCrawl(
                request=CrawlCompetitors(brand_id=rivals.brand.id, competitor_ids=(uuid4(),))
            ),
            owner,
        )
    await bus.execute(ArchiveCompetitor(brand_id=rivals.brand.id, competitor_id=rivals.a.id), owner)
    report = await crawl(bus, owner, rivals, max_pages=1)
    assert report.competitor_ids == (rivals.b.id,)  # archived competitors are left out
    assert report.counts["pages_over_limit"] >= 1
    assert rivals.site_a.hits == []
    assert rivals.site_b.hits  # crawled


def test_without_the_research_tools_the_bus_does_not_start(bus: MessageBus) -> None:
    services = dataclasses.replace(bus.services, research=None)
    with pytest.raises(MissingDependency, match=r"the research context's .* needs research"):
        MessageBus(uow_factory=bus._uow_factory, services=services, handlers=HANDLERS)
