"""RSS and Atom feeds through feedparser (the reference parser of both, and of their broken
variants), on bytes already fetched: feedparser is never handed a URL, so it fetches nothing."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from umt.ports.web_documents import Linked


def feed_entries(body: bytes, base_url: str, *, limit: int) -> list[Linked]:
    import feedparser  # a crawl's library: not loaded by the API process

    parsed: Any = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    found: list[Linked] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        if len(found) >= limit:
            break
        link = absolute(str(entry.get("link") or ""), base_url)
        if link is None or link in seen:
            continue
        seen.add(link)
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        found.append(
            Linked(
                url=link,
                title=str(entry.get("title") or "")[:500],
                published_at=_time(when),
            )
        )
    return found


def absolute(link: str, base_url: str) -> str | None:
    """``link`` made absolute against ``base_url``; None unless it is http(s)."""
    link = link.strip()
    if not link:
        return None
    url = urljoin(base_url, link)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url.split("#", 1)[0]


def _time(value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None
