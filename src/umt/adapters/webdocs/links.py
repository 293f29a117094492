"""The links of an HTML page (lxml), made absolute, fragments dropped, and only those that
may lead to another page: http(s), not a file type a crawl does not read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

_NOT_PAGES = (
    ".css", ".js", ".json", ".xml", ".gz", ".zip", ".pdf", ".png", ".jpg", ".jpeg", ".gif",
    ".svg", ".webp", ".ico", ".mp3", ".mp4", ".mov", ".woff", ".woff2", ".ttf", ".exe",
)  # fmt: skip


def page_links(body: bytes, url: str, *, limit: int) -> list[str]:
    import lxml.etree
    import lxml.html  # a crawl's library: not loaded by the API process

    try:
        root: Any = lxml.html.document_fromstring(body)
    except (ValueError, lxml.etree.ParserError):  # empty, or not a document at all
        return []
    base = url
    for href in root.xpath("//base/@href")[:1]:
        base = urljoin(url, str(href).strip())
    found: dict[str, None] = {}
    for href in root.xpath("//a[@href]/@href"):
        link = _page_url(base, str(href))
        if link:
            found.setdefault(link, None)
            if len(found) >= limit:
                break
    return list(found)


def _page_url(base: str, href: str) -> str:
    try:
        absolute, _ = urldefrag(urljoin(base, href.strip()[:2048]))
        parts = urlsplit(absolute)
    except ValueError:  # an unbalanced IPv6 bracket, a bad port
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    if parts.path.lower().endswith(_NOT_PAGES):
        return ""
    return absolute
