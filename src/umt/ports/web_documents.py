"""The WebDocumentReader port: what a fetched feed, sitemap or page says.

Each method reads bytes a competitor's server sent, so an implementation bounds its work
(entries, URLs, text length), never resolves entities or fetches anything a document
names, and answers what it could read: a document it cannot read at all is empty, never an
exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Linked:
    """A page a feed or a sitemap names, with what it says about it."""

    url: str
    title: str = ""
    published_at: datetime | None = None  # a feed's published/updated, a sitemap's lastmod


@dataclass(frozen=True, slots=True)
class SitemapListing:
    """A sitemap's pages, or a sitemap index's sitemaps."""

    pages: tuple[Linked, ...] = ()
    sitemaps: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's main text (boilerplate, navigation and comments removed)."""

    title: str
    text: str
    published_at: datetime | None = None


class WebDocumentReader(Protocol):
    def feed(self, body: bytes, base_url: str, *, limit: int) -> list[Linked]:
        """The entries of an RSS or Atom feed (at most ``limit``), links made absolute."""
        ...

    def sitemap(self, body: bytes, base_url: str, *, limit: int) -> SitemapListing:
        """The URLs of a sitemap or sitemap index (at most ``limit`` of each)."""
        ...

    def page(self, body: bytes, url: str, *, max_chars: int) -> PageText | None:
        """The main text of an HTML page (cut at ``max_chars``), or None when it has none."""
        ...

    def links(self, body: bytes, url: str, *, limit: int) -> list[str]:
        """The absolute http(s) URLs an HTML page links to (at most ``limit``, first ones
        first, fragments dropped, files that are no pages left out)."""
        ...
