"""The WebDocumentReader of the research context: feeds, sitemaps and pages."""

from __future__ import annotations

from umt.adapters.webdocs.feeds import feed_entries
from umt.adapters.webdocs.links import page_links
from umt.adapters.webdocs.pages import page_text
from umt.adapters.webdocs.sitemaps import sitemap_listing
from umt.ports.web_documents import Linked, PageText, SitemapListing, WebDocumentReader


class LibraryWebDocumentReader(WebDocumentReader):
    """feedparser for feeds, lxml for sitemaps and links, trafilatura for pages (see each
    module)."""

    def feed(self, body: bytes, base_url: str, *, limit: int) -> list[Linked]:
        return feed_entries(body, base_url, limit=limit)

    def sitemap(self, body: bytes, base_url: str, *, limit: int) -> SitemapListing:
        return sitemap_listing(body, base_url, limit=limit)

    def page(self, body: bytes, url: str, *, max_chars: int) -> PageText | None:
        return page_text(body, url, max_chars=max_chars)

    def links(self, body: bytes, url: str, *, limit: int) -> list[str]:
        return page_links(body, url, limit=limit)
