"""Sitemaps (the sitemaps.org protocol: ``urlset`` and ``sitemapindex``, or a plain list of
URLs) through lxml with entities unresolved, no DTD and no network, so a hostile sitemap can
neither expand entities nor make the parser fetch anything. The body is already within the
fetcher's size limit (gzip files already inflated there, within the limit too)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from umt.adapters.webdocs.feeds import absolute
from umt.ports.web_documents import Linked, SitemapListing


def sitemap_listing(body: bytes, base_url: str, *, limit: int) -> SitemapListing:
    text = body.lstrip()
    if not text.startswith(b"<"):
        return _plain(text, base_url, limit)
    from lxml import etree  # a crawl's library: not loaded by the API process

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root: Any = etree.fromstring(text, parser=parser)
    except etree.XMLSyntaxError:
        return SitemapListing()
    if root is None:
        return SitemapListing()
    kind = etree.QName(root).localname
    pages: list[Linked] = []
    sitemaps: list[str] = []
    for entry in root:
        if not isinstance(entry.tag, str):
            continue  # a comment or a processing instruction
        values = {
            etree.QName(child).localname: (child.text or "").strip()
            for child in entry
            if isinstance(child.tag, str)
        }
        url = absolute(values.get("loc", ""), base_url)
        if url is None:
            continue
        if kind == "sitemapindex" and len(sitemaps) < limit:
            sitemaps.append(url)
        elif kind == "urlset" and len(pages) < limit:
            pages.append(Linked(url=url, published_at=lastmod(values.get("lastmod", ""))))
        if len(pages) >= limit or len(sitemaps) >= limit:
            break
    return SitemapListing(pages=tuple(pages), sitemaps=tuple(sitemaps))


def lastmod(value: str) -> datetime | None:
    """A W3C datetime (``2026-12-07``, ``2026-12-07T10:00:00+01:00``, ``...Z``) in UTC."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _plain(text: bytes, base_url: str, limit: int) -> SitemapListing:
    pages: list[Linked] = []
    for line in text.decode("utf-8", errors="replace").splitlines():
        url = absolute(line, base_url)
        if url is not None:
            pages.append(Linked(url=url))
        if len(pages) >= limit:
            break
    return SitemapListing(pages=tuple(pages))
