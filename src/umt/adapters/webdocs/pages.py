"""A page's main text through trafilatura (boilerplate, navigation and comments removed; the
best-scoring open-source extractor in published comparisons), with its title and date. The
body is already within the fetcher's size limit, which bounds the parse."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from umt.ports.web_documents import PageText


def page_text(body: bytes, url: str, *, max_chars: int) -> PageText | None:
    import trafilatura  # a crawl's library (and lxml's): not loaded by the API process

    try:
        document: Any = trafilatura.bare_extraction(
            body,
            url=url,
            fast=True,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    except (ValueError, TypeError, LookupError):  # an unreadable document
        return None
    if document is None or not (document.text or "").strip():
        return None
    return PageText(
        title=str(document.title or "")[:500],
        text=str(document.text)[:max_chars],
        published_at=_date(document.date),
    )


def _date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    except ValueError:
        return None
