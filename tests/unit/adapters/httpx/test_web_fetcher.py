"""The research fetcher against fixture sites on loopback: robots.txt, crawl-delay, 304s,
slow, broken and oversize answers, gzip, and redirects to internal addresses refused even
though loopback fixtures are allowed."""

from __future__ import annotations

import gzip
import itertools
from collections.abc import AsyncIterator

import pytest
from tests.support.egress import ScriptedResolver
from tests.support.research_sites import Page, Site

from umt.adapters.httpx.web_fetcher import HttpxWebFetcher
from umt.domain.shared.network import NetworkPolicy
from umt.ports.web_fetcher import FetchFailure, Validators

AGENT = "umt-research/0.1 (+https://operator.example/bot)"
LOOPBACK = NetworkPolicy(allow_loopback=True)


def fetcher(**overrides: object) -> HttpxWebFetcher:
    options: dict[str, object] = {
        "policy": LOOPBACK,
        "user_agent": AGENT,
        "min_interval": 0.0,
        "timeout_seconds": 5.0,
    }
    options.update(overrides)
    return HttpxWebFetcher(**options)  # type: ignore[arg-type]


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with Site() as served:
        yield served


async def test_a_page_is_fetched_with_the_user_agent_and_robots_read_first(site: Site) -> None:
    site.pages["/robots.txt"] = Page(body="User-agent: *\nAllow: /\n", content_type="text/plain")
    site.pages["/a"] = Page(body="<p>hello</p>")
    web = fetcher()
    got = await web.fetch(f"{site.base_url}/a")
    await web.close()
    assert got.ok
    assert got.body == b"<p>hello</p>"
    assert got.content_type == "text/html"
    assert site.paths() == ["/robots.txt", "/a"]
    assert all(hit.headers["user-agent"] == AGENT for hit in site.hits)


async def test_robots_disallow_is_honoured_without_requesting_the_page(site: Site) -> None:
    site.pages["/robots.txt"] = Page(
        body="User-agent: umt-research\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n",
        content_type="text/plain",
    )
    site.pages["/private/x"] = Page(body="secret")
    site.pages["/public"] = Page(body="open")
    web = fetcher()
    refused = await web.fetch(f"{site.base_url}/private/x")
    allowed = await web.fetch(f"{site.base_url}/public")
    await web.close()
    assert refused.failure is FetchFailure.ROBOTS_DISALLOWED
    assert allowed.ok  # the group of our product token applies, not the "*" group
    assert site.paths() == ["/robots.txt", "/public"]  # robots read once, /private never


async def test_an_unreachable_robots_txt_disallows_and_a_missing_one_allows() -> None:
    async with Site({"/robots.txt": Page(status=503), "/a": Page(body="a")}) as down:
        web = fetcher()
        assert (await web.fetch(f"{down.base_url}/a")).failure is FetchFailure.ROBOTS_DISALLOWED
        await web.close()
        assert down.paths() == ["/robots.txt"]
    async with Site({"/a": Page(body="a")}) as missing:  # /robots.txt answers 404
        web = fetcher()
        assert (await web.fetch(f"{missing.base_url}/a")).ok
        await web.close()


async def test_the_crawl_delay_separates_the_requests_a_host_receives(site: Site) -> None:
    site.pages["/robots.txt"] = Page(body="User-agent: *\nCrawl-delay: 0.05\n")
    for n in range(3):
        site.pages[f"/p{n}"] = Page(body=f"page {n}")
    web = fetcher()
    for n in range(3):
        assert (await web.fetch(f"{site.base_url}/p{n}")).ok
    await web.close()
    arrivals = [hit.at for hit in site.hits]
    assert len(arrivals) == 4  # robots.txt, then the three pages
    # each request leaves at least the delay after the previous answer arrived, so the
    # server sees them at least the delay apart, whatever the latency
    assert all(later - earlier >= 0.05 for earlier, later in itertools.pairwise(arrivals))


async def test_a_host_asking_for_too_long_a_delay_is_not_fetched(site: Site) -> None:
    site.pages["/robots.txt"] = Page(body="User-agent: *\nCrawl-delay: 600\n")
    site.pages["/a"] = Page(body="a")
    web = fetcher(max_crawl_delay=60.0)
    got = await web.fetch(f"{site.base_url}/a")
    await web.close()
    assert got.failure is FetchFailure.CRAWL_DELAY_TOO_LONG
    assert site.paths() == ["/robots.txt"]


async def test_conditional_get_answers_not_modified_with_the_stored_validators(
    site: Site,
) -> None:
    site.pages["/feed"] = Page(
        body="<rss/>", etag='"v1"', last_modified="Mon, 07 Dec 2026 10:00:00 GMT"
    )
    web = fetcher()
    first = await web.fetch(f"{site.base_url}/feed")
    second = await web.fetch(f"{site.base_url}/feed", validators=first.validators)
    await web.close()
    assert first.ok
    assert first.validators == Validators('"v1"', "Mon, 07 Dec 2026 10:00:00 GMT")
    assert second.not_modified
    assert not second.ok
    assert second.body == b""
    assert site.hits[-1].headers["if-none-match"] == '"v1"'
    assert site.hits[-1].headers["if-modified-since"] == "Mon, 07 Dec 2026 10:00:00 GMT"


async def test_slow_and_broken_hosts_are_answers_not_exceptions(site: Site) -> None:
    site.pages["/slow"] = Page(body="late", delay=5.0)
    site.pages["/broken"] = Page(body="x" * 1000, broken=True)
    web = fetcher(timeout_seconds=0.2)
    slow = await web.fetch(f"{site.base_url}/slow")
    broken = await web.fetch(f"{site.base_url}/broken")
    await web.close()
    assert slow.failure is FetchFailure.TIMED_OUT
    assert broken.failure is FetchFailure.CONNECTION_FAILED


async def test_a_refused_connection_is_a_failure() -> None:
    async with Site() as gone:
        url = gone.base_url
    web = fetcher()
    got = await web.fetch(f"{url}/a")
    await web.close()
    assert got.failure is FetchFailure.ROBOTS_DISALLOWED  # robots.txt was unreachable


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/",
        "http://0xa9fea9fe/",
        "http://metadata.rival-cdn.net/latest/",  # a name resolving to the metadata address
    ],
)
async def test_a_redirect_to_an_internal_address_is_refused_though_loopback_is_allowed(
    site: Site, target: str
) -> None:
    site.pages["/go"] = Page(status=302, headers={"Location": target})
    resolver = ScriptedResolver({"metadata.rival-cdn.net": [["169.254.169.254"]]})
    web = fetcher(resolver=resolver)
    got = await web.fetch(f"{site.base_url}/go")
    await web.close()
    assert got.failure is FetchFailure.UNSAFE_DESTINATION
    assert got.final_url == target
    assert site.paths() == ["/robots.txt", "/go"]


async def test_redirects_are_followed_on_loopback_up_to_the_limit(site: Site) -> None:
    site.pages["/old"] = Page(status=301, headers={"Location": "/new"})
    site.pages["/new"] = Page(body="moved here")
    site.pages["/loop"] = Page(status=302, headers={"Location": "/loop"})
    web = fetcher(max_redirects=3)
    moved = await web.fetch(f"{site.base_url}/old")
    looping = await web.fetch(f"{site.base_url}/loop")
    await web.close()
    assert moved.ok
    assert moved.final_url == f"{site.base_url}/new"
    assert moved.body == b"moved here"
    assert looping.failure is FetchFailure.TOO_MANY_REDIRECTS
    assert site.paths().count("/loop") == 4  # the first request and three redirects


async def test_loopback_is_refused_unless_allowed(site: Site) -> None:
    site.pages["/a"] = Page(body="a")
    web = fetcher(policy=NetworkPolicy())
    got = await web.fetch(f"{site.base_url}/a")
    await web.close()
    assert got.failure is FetchFailure.UNSAFE_DESTINATION
    assert site.hits == []


async def test_oversize_bodies_and_decompression_bombs_are_refused(site: Site) -> None:
    site.pages["/big"] = Page(body=b"x" * 50_000)
    bomb = gzip.compress(b"\0" * 5_000_000)  # about 5 KB that inflate to 5 MB
    site.pages["/bomb.xml.gz"] = Page(body=bomb, content_type="application/gzip")
    site.pages["/encoded"] = Page(body=b"y" * 100_000, gzip_encoded=True)
    web = fetcher(max_bytes=10_000)
    big = await web.fetch(f"{site.base_url}/big")
    bombed = await web.fetch(f"{site.base_url}/bomb.xml.gz")
    encoded = await web.fetch(f"{site.base_url}/encoded")
    await web.close()
    assert big.failure is FetchFailure.TOO_LARGE
    assert bombed.failure is FetchFailure.TOO_LARGE
    assert encoded.failure is FetchFailure.TOO_LARGE


async def test_gzip_files_and_encodings_are_decoded(site: Site) -> None:
    xml = b"<urlset><url><loc>http://x/</loc></url></urlset>"
    site.pages["/sitemap.xml.gz"] = Page(body=gzip.compress(xml), content_type="application/gzip")
    site.pages["/encoded.xml"] = Page(body=xml, content_type="application/xml", gzip_encoded=True)
    web = fetcher()
    file = await web.fetch(f"{site.base_url}/sitemap.xml.gz")
    encoded = await web.fetch(f"{site.base_url}/encoded.xml")
    await web.close()
    assert file.body == xml
    assert encoded.body == xml
    assert encoded.content_type == "application/xml"


async def test_the_sitemaps_of_a_site_come_from_its_robots_txt(site: Site) -> None:
    site.pages["/robots.txt"] = Page(
        body=f"User-agent: *\nDisallow:\nSitemap: {site.base_url}/sitemap_index.xml\n"
        f"Sitemap: {site.base_url}/news.xml.gz\n"
    )
    web = fetcher()
    found = await web.sitemaps_of(f"{site.base_url}/blog/")
    await web.close()
    assert found == [f"{site.base_url}/sitemap_index.xml", f"{site.base_url}/news.xml.gz"]


@pytest.mark.parametrize(
    "url", ["https://rival.example/", "http://intranet.internal/", "http://printer.local/"]
)
async def test_reserved_names_are_refused_without_a_lookup(url: str) -> None:
    resolver = ScriptedResolver({})
    web = fetcher(resolver=resolver)
    got = await web.fetch(url)
    assert await web.sitemaps_of(url) == []
    await web.close()
    assert got.failure is FetchFailure.UNSAFE_DESTINATION
    assert resolver.lookups == []


async def test_cut_keeps_the_first_bytes_of_a_longer_body_instead_of_refusing_it(
    site: Site,
) -> None:
    page = b"<html><head><title>Big</title></head>" + b"x" * 300_000
    site.pages["/big.html"] = Page(body=page)
    site.pages["/zipped.html"] = Page(body=page, gzip_encoded=True)
    site.pages["/small.html"] = Page(body=b"<p>small</p>")
    web = fetcher()
    big = await web.fetch(f"{site.base_url}/big.html", max_bytes=1000, cut=True)
    zipped = await web.fetch(f"{site.base_url}/zipped.html", max_bytes=1000, cut=True)
    small = await web.fetch(f"{site.base_url}/small.html", max_bytes=1000, cut=True)
    refused = await web.fetch(f"{site.base_url}/big.html", max_bytes=1000)
    await web.close()
    assert (big.ok, big.truncated, big.body) == (True, True, page[:1000])
    assert (zipped.ok, zipped.truncated, zipped.body) == (True, True, page[:1000])
    assert (small.truncated, small.body) == (False, b"<p>small</p>")
    assert refused.failure is FetchFailure.TOO_LARGE
