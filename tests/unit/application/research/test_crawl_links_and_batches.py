"""research.crawl follows in-page links on the same host (bounded by depth and the page
limit, robots.txt and crawl-delay honoured as for any page) and commits its documents in
batches: after a crash mid-crawl the pages stored stay, and the next crawl asks for them
conditionally rather than reading them again."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
from collections.abc import AsyncIterator, Callable
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
from umt.application.research.config import ResearchTools
from umt.application.research.crawl import CrawlCompetitors, CrawlReport
from umt.domain.brand.brand import Brand
from umt.domain.shared.errors import InvalidValue
from umt.ports.web_fetcher import Fetched, Validators, WebFetcher


def page(title: str, *links: str) -> str:
    anchors = "".join(f'<a href="{href}">{href}</a> ' for href in links)
    text = " ".join(f"{title} explains {title.lower()} step {n} in plain words." for n in range(8))
    return (
        f"<html><head><title>{title}</title></head><body><nav>{anchors}</nav>"
        f"<article><h1>{title}</h1><p>{text}</p></article></body></html>"
    )


def linked_site(other: str) -> dict[str, Page]:
    return {
        "/robots.txt": Page(
            body="User-agent: *\nCrawl-delay: 0.05\nDisallow: /private\n",
            content_type="text/plain",
        ),
        "/": Page(
            body=page(
                "Home",
                "/guides/alpha",
                "guides/beta#section",
                "/private/plans",
                f"{other}/elsewhere",
                "/logo.png",
                "mailto:hi@rival.example",
            )
        ),
        "/guides/alpha": Page(body=page("Alpha guide", "/guides/gamma"), etag='"alpha"'),
        "/guides/beta": Page(body=page("Beta guide", "/"), etag='"beta"'),
        "/guides/gamma": Page(body=page("Gamma guide")),
        "/private/plans": Page(body=page("Private")),
    }


@dataclass(frozen=True, slots=True)
class World:
    store: InMemoryStore
    brand: Brand
    site: Site
    other: Site
    owner: Principal


def make_bus(
    store: InMemoryStore, clock: FixedClock, tools: ResearchTools | None = None, **config: object
) -> MessageBus:
    ids = UuidV7Generator()
    services = dataclasses.replace(
        in_memory_services(store, clock),
        research=tools or research_tools(timeout_seconds=2.0, **config),
        job_progress=JobProgress(InMemoryJobStore(), clock, interval_seconds=0),
    )
    return MessageBus(
        uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
        services=services,
        handlers=HANDLERS,
    )


@pytest.fixture
async def world(store: InMemoryStore, bus: MessageBus, owner: Principal) -> AsyncIterator[World]:
    async with Site() as site, Site() as other:
        site.pages.update(linked_site(other.base_url))
        other.pages["/elsewhere"] = Page(body=page("Elsewhere"))
        brand: Brand = await bus.execute(CreateBrand(name="Linked"), owner)
        await bus.execute(
            AddCompetitor(brand_id=brand.id, name="Rival", website=f"{site.base_url}/"), owner
        )
        yield World(store, brand, site, other, owner)


def documents(store: InMemoryStore) -> set[str]:
    return {url for (_, _, url) in store.research_documents}


async def test_links_on_the_same_host_are_followed_one_hop_politely(
    world: World, store: InMemoryStore, clock: FixedClock
) -> None:
    bus = make_bus(store, clock, link_depth=1)
    report: CrawlReport = await bus.execute(CrawlCompetitors(brand_id=world.brand.id), world.owner)
    base = world.site.base_url
    assert documents(store) == {f"{base}/", f"{base}/guides/alpha", f"{base}/guides/beta"}
    assert report.counts["pages_linked"] == 3  # alpha, beta and the private page
    assert report.counts["pages_disallowed"] == 1
    paths = world.site.paths()
    assert "/private/plans" not in paths  # robots.txt: never requested
    assert "/guides/gamma" not in paths  # two hops from the website
    assert world.other.hits == []  # another host is never followed
    arrivals = [hit.at for hit in world.site.hits]
    assert all(b - a >= 0.05 for a, b in itertools.pairwise(arrivals))
    alpha = store.research_documents[
        (world.brand.organization_id, world.brand.id, f"{base}/guides/alpha")
    ]
    assert alpha.source_url == f"{base}/"  # found on the home page


async def test_depth_two_reaches_further_and_zero_follows_nothing(
    world: World, store: InMemoryStore, clock: FixedClock
) -> None:
    base = world.site.base_url
    await make_bus(store, clock).execute(
        CrawlCompetitors(brand_id=world.brand.id, link_depth=0), world.owner
    )
    assert documents(store) == {f"{base}/"}
    await make_bus(store, clock).execute(
        CrawlCompetitors(brand_id=world.brand.id, link_depth=2), world.owner
    )
    assert f"{base}/guides/gamma" in documents(store)
    with pytest.raises(InvalidValue):
        await make_bus(store, clock).execute(
            CrawlCompetitors(brand_id=world.brand.id, link_depth=4), world.owner
        )


async def test_the_page_limit_bounds_the_links_followed(
    world: World, store: InMemoryStore, clock: FixedClock
) -> None:
    report: CrawlReport = await make_bus(store, clock).execute(
        CrawlCompetitors(brand_id=world.brand.id, max_pages=2), world.owner
    )
    assert report.counts["pages_linked"] == 1
    assert len(documents(store)) == 2


class Crash(Exception):
    """The process dies mid-crawl."""


class CrashingFetcher(WebFetcher):
    """The real fetcher, until the page ending in ``crash_at`` is asked for: then, once the
    pages read before it are committed (``ready``), the process dies."""

    def __init__(self, inner: WebFetcher, crash_at: str, ready: Callable[[], bool]) -> None:
        self._inner = inner
        self._crash_at = crash_at
        self._ready = ready

    async def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        max_bytes: int | None = None,
        cut: bool = False,
    ) -> Fetched:
        if url.endswith(self._crash_at):
            for _ in range(1000):  # the reads of the pages before it end in their threads
                if self._ready():
                    break
                await asyncio.sleep(0.01)
            raise Crash(url)
        return await self._inner.fetch(url, validators=validators, max_bytes=max_bytes, cut=cut)

    async def sitemaps_of(self, site_url: str) -> list[str]:
        return await self._inner.sitemaps_of(site_url)

    async def close(self) -> None:
        await self._inner.close()


async def test_a_crash_loses_at_most_a_batch_and_the_next_crawl_asks_conditionally(
    world: World, store: InMemoryStore, clock: FixedClock
) -> None:
    base = world.site.base_url
    for n in range(6):  # a sitemap of pages, read in its order (no lastmod)
        world.site.pages[f"/post/{n}"] = Page(body=page(f"Post {n}"), etag=f'"p{n}"')
    listing = "\n".join(f"{base}/post/{n}" for n in range(6))
    world.site.pages["/sitemap.xml"] = Page(body=listing, content_type="text/plain")
    tools = research_tools(timeout_seconds=2.0, link_depth=0, commit_every=2)
    crashing = dataclasses.replace(
        tools,
        fetcher=lambda: CrashingFetcher(
            tools.fetcher(), "/post/4", lambda: len(documents(store)) >= 4
        ),
    )
    bus = make_bus(store, clock, tools)
    crashing_bus = make_bus(store, clock, crashing)
    with pytest.raises(Crash):
        await crashing_bus.execute(CrawlCompetitors(brand_id=world.brand.id), world.owner)
    saved = documents(store)
    assert saved == {f"{base}/post/{n}" for n in range(4)}  # two batches of two
    assert store.research_crawls == {}  # the crawl never finished
    requests_before = len(world.site.hits)

    report: CrawlReport = await bus.execute(CrawlCompetitors(brand_id=world.brand.id), world.owner)
    again = world.site.hits[requests_before:]
    conditional = {h.path for h in again if "if-none-match" in h.headers}
    assert {f"/post/{n}" for n in range(4)} <= conditional
    assert report.counts["pages_not_modified"] == 4
    assert report.counts["documents_new"] == 3  # posts 4 and 5, and the website
    assert len(documents(store)) == 7
