"""Crawl tests: the bus on the in-memory adapters with the real fetcher and readers, and
fixture sites of two competitors on loopback."""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from tests.support.research import research_tools
from tests.support.research_sites import Page, Site
from tests.support.services import in_memory_services

from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.agents.progress import JobProgress
from umt.application.audit.entries import entry_for_event
from umt.application.brand.competitors import AddCompetitor
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.handlers import HANDLERS
from umt.application.principal import Principal
from umt.domain.brand.audience import Competitor
from umt.domain.brand.brand import Brand


def post(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home Pricing Blog Login</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Copyright Rival</footer></body></html>"
    )


OUTREACH = (
    "Cold outreach sequences win replies when each cold outreach email is short and personal.",
    "Plan your cold outreach sequences around follow-ups: three follow-ups beat one long email.",
    "Measure reply rates for every cold outreach sequence and prune the weak steps each week.",
)
DELIVERABILITY = (
    "Email deliverability starts with warmed domains and clean lists of subscribers.",
    "Check email deliverability with seed tests, watch spam traps and sender reputation.",
    "Email deliverability suffers when bounces pile up, so remove bounces after every send.",
)
PRICING = (
    "Pricing pages convert when pricing tiers are few and the differences are obvious.",
    "Test pricing page layouts: annual pricing toggles and pricing tiers side by side.",
    "Show pricing tiers with one recommended plan and answer pricing questions in an FAQ.",
)


def rival_a(base: str) -> dict[str, Page]:
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>A</title>
<item><title>Cold outreach</title><link>{base}/blog/outreach</link>
<pubDate>Thu, 26 Feb 2026 09:00:00 GMT</pubDate></item>
<item><title>Deliverability</title><link>{base}/blog/deliverability</link>
<pubDate>Wed, 25 Feb 2026 09:00:00 GMT</pubDate></item>
</channel></rss>"""
    index = f"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/posts.xml.gz</loc></sitemap></sitemapindex>"""
    posts = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/blog/pricing</loc><lastmod>2026-02-20</lastmod></url>
<url><loc>{base}/private/plans</loc><lastmod>2026-02-21</lastmod></url>
</urlset>"""
    return {
        "/robots.txt": Page(
            body=f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\n",
            content_type="text/plain",
        ),
        "/feed.xml": Page(body=feed, content_type="application/rss+xml", etag='"feed-1"'),
        "/sitemap_index.xml": Page(body=index, content_type="application/xml"),
        "/posts.xml.gz": Page(body=gzip.compress(posts.encode()), content_type="application/gzip"),
        "/": Page(
            body=post("Rival A", "Rival A helps sales teams send better email."), etag='"home"'
        ),
        "/blog/outreach": Page(body=post("Cold outreach that works", *OUTREACH), etag='"o1"'),
        "/blog/deliverability": Page(
            body=post("Email deliverability basics", *DELIVERABILITY), etag='"d1"'
        ),
        "/blog/pricing": Page(
            body=post("Pricing pages", *PRICING), last_modified="Fri, 20 Feb 2026 09:00:00 GMT"
        ),
        "/private/plans": Page(body=post("Secret", "Not for crawlers.")),
    }


def rival_b(base: str) -> dict[str, Page]:
    sitemap = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/copied</loc><lastmod>2026-02-27</lastmod></url>
<url><loc>{base}/slow</loc></url>
<url><loc>{base}/moved</loc></url>
</urlset>"""
    return {  # no robots.txt (404): everything allowed; no Sitemap line: /sitemap.xml
        "/sitemap.xml": Page(body=sitemap, content_type="application/xml", etag='"sm-1"'),
        "/": Page(body=post("Rival B", "Rival B sells newsletters to creators.")),
        "/copied": Page(body=post("Cold outreach that works", *OUTREACH)),  # syndicated
        # far beyond the fetch timeout, which is itself far beyond a loaded machine's answer time
        "/slow": Page(body=post("Slow", "Too late."), delay=60.0),
        "/moved": Page(status=302, headers={"Location": "http://169.254.169.254/latest/"}),
    }


@dataclass(frozen=True, slots=True)
class Rivals:
    brand: Brand
    a: Competitor
    b: Competitor
    site_a: Site
    site_b: Site


@pytest.fixture
def jobs() -> InMemoryJobStore:
    return InMemoryJobStore()


@pytest.fixture
def bus(store: InMemoryStore, clock: FixedClock, jobs: InMemoryJobStore) -> MessageBus:
    ids = UuidV7Generator()
    services = dataclasses.replace(
        in_memory_services(store, clock),
        research=research_tools(timeout_seconds=3.0),
        job_progress=JobProgress(jobs, clock, interval_seconds=0),
    )
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services,
        handlers=HANDLERS,
    )


@pytest.fixture
async def rivals(bus: MessageBus, owner: Principal) -> AsyncIterator[Rivals]:
    async with Site() as site_a, Site() as site_b:
        site_a.pages.update(rival_a(site_a.base_url))
        site_b.pages.update(rival_b(site_b.base_url))
        brand: Brand = await bus.execute(CreateBrand(name="Acme Mail"), owner)
        a: Competitor = await bus.execute(
            AddCompetitor(
                brand_id=brand.id,
                name="Rival A",
                website=f"{site_a.base_url}/",
                feed_urls=(f"{site_a.base_url}/feed.xml",),
            ),
            owner,
        )
        b: Competitor = await bus.execute(
            AddCompetitor(brand_id=brand.id, name="Rival B", website=f"{site_b.base_url}/"), owner
        )
        yield Rivals(brand, a, b, site_a, site_b)
