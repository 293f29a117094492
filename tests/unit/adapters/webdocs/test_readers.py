"""Feeds, sitemaps and pages read from bytes: links made absolute, dates in UTC, limits
kept, hostile XML neither expanding entities nor fetching anything, and near-duplicates
found by their MinHash signatures."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from tests.support.research_sites import article

from umt.adapters.webdocs.minhash import DatasketchTextSignatures
from umt.adapters.webdocs.reader import LibraryWebDocumentReader

READ = LibraryWebDocumentReader()

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Rival blog</title>
<item><title>Warm up a sending domain</title><link>/blog/warm-up</link>
<pubDate>Mon, 07 Dec 2026 09:30:00 +0100</pubDate></item>
<item><title>No link</title></item>
<item><title>Script</title><link>javascript:alert(1)</link></item>
<item><title>Pricing pages</title><link>https://rival.example/blog/pricing#top</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><title>Cold outreach</title><link href="https://rival.example/cold"/>
<updated>2026-12-01T12:00:00Z</updated></entry></feed>"""


def test_rss_entries_are_absolute_http_links_with_utc_dates() -> None:
    entries = READ.feed(RSS, "https://rival.example/feed.xml", limit=10)
    assert [(e.url, e.title) for e in entries] == [
        ("https://rival.example/blog/warm-up", "Warm up a sending domain"),
        ("https://rival.example/blog/pricing", "Pricing pages"),
    ]
    assert entries[0].published_at == datetime(2026, 12, 7, 8, 30, tzinfo=UTC)


def test_atom_entries_and_the_limit() -> None:
    entries = READ.feed(ATOM, "https://rival.example/atom", limit=10)
    assert [e.url for e in entries] == ["https://rival.example/cold"]
    assert entries[0].published_at == datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert len(READ.feed(RSS, "https://rival.example/feed.xml", limit=1)) == 1
    assert READ.feed(b"\x00not a feed", "https://rival.example/", limit=10) == []


def test_a_sitemap_lists_pages_with_lastmod_and_an_index_lists_sitemaps() -> None:
    urlset = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://rival.example/a</loc><lastmod>2026-12-02</lastmod></url>
<!-- a comment -->
<url><loc>https://rival.example/b</loc><lastmod>2026-12-03T10:00:00+02:00</lastmod></url>
<url><loc>ftp://rival.example/c</loc></url>
</urlset>"""
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://rival.example/posts.xml.gz</loc></sitemap>
<sitemap><loc>/pages.xml</loc></sitemap></sitemapindex>"""
    listing = READ.sitemap(urlset, "https://rival.example/sitemap.xml", limit=100)
    assert [(p.url, p.published_at) for p in listing.pages] == [
        ("https://rival.example/a", datetime(2026, 12, 2, tzinfo=UTC)),
        ("https://rival.example/b", datetime(2026, 12, 3, 8, tzinfo=UTC)),
    ]
    nested = READ.sitemap(index, "https://rival.example/sitemap_index.xml", limit=100)
    assert nested.sitemaps == (
        "https://rival.example/posts.xml.gz",
        "https://rival.example/pages.xml",
    )
    assert nested.pages == ()
    assert len(READ.sitemap(urlset, "https://rival.example/", limit=1).pages) == 1


def test_a_plain_text_sitemap_lists_its_urls() -> None:
    listing = READ.sitemap(
        b"https://rival.example/a\n\nhttps://rival.example/b\n", "https://rival.example/", limit=5
    )
    assert [p.url for p in listing.pages] == ["https://rival.example/a", "https://rival.example/b"]


def test_hostile_sitemaps_expand_no_entities_and_fetch_nothing() -> None:
    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<urlset><url><loc>https://rival.example/&lol3;</loc></url></urlset>"""
    external = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>https://rival.example/&ext;</loc></url></urlset>"""
    for body in (laughs, external):
        listing = READ.sitemap(body, "https://rival.example/", limit=10)
        assert all("lollol" not in p.url and "root:" not in p.url for p in listing.pages)
    assert READ.sitemap(b"<urlset><url><loc>", "https://rival.example/", limit=10).pages == ()


def test_a_page_gives_its_main_text_without_the_boilerplate() -> None:
    html = article(1, 2).encode()
    text = READ.page(html, "https://rival.example/posts/2", max_chars=10_000)
    assert text is not None
    assert "Our guide to" in text.text
    assert "Copyright" not in text.text
    assert text.title
    cut = READ.page(html, "https://rival.example/posts/2", max_chars=20)
    assert cut is not None
    assert len(cut.text) == 20
    assert READ.page(b"<html><body></body></html>", "https://rival.example/", max_chars=100) is None


def test_near_duplicates_point_at_the_earliest_copy() -> None:
    rng = random.Random(7)
    words = [f"w{rng.randrange(600)}" for _ in range(400)]
    original = " ".join(words)
    copy = " ".join([*words[:392], "changed", "ending", *words[394:]])
    other = " ".join(rng.sample(words, len(words)))
    signatures = DatasketchTextSignatures()
    found = signatures.near_duplicates(
        {
            "a": signatures.signature(original),
            "b": signatures.signature(other),
            "c": signatures.signature(copy),
            "d": signatures.signature(original),
        },
        threshold=0.8,
    )
    assert found == {"c": "a", "d": "a"}
    assert signatures.signature(original) == signatures.signature(original)
    assert len(signatures.signature(original)) == 256
