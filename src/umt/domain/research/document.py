"""What a crawl stores: the sources it read (a competitor's feeds, sitemaps and pages, with
what it needs for a conditional GET next time) and the documents it found in them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

MAX_KEYPHRASES = 10


class SourceKind(StrEnum):
    FEED = "feed"  # RSS or Atom
    SITEMAP = "sitemap"  # a sitemap or sitemap index (found in robots.txt, or /sitemap.xml)
    PAGE = "page"  # the competitor's website itself


@dataclass(slots=True, kw_only=True)
class ResearchSource:
    """A URL a crawl reads for links to a competitor's pages, and how its last read went."""

    id: UUID
    organization_id: UUID
    brand_id: UUID
    competitor_id: UUID
    url: str
    kind: SourceKind
    created_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime | None = None
    status: int | None = None  # the HTTP status of the last read (304 included)
    failure: str | None = None  # why the last read brought nothing (a FetchFailure value)
    listed: int = 0  # pages it listed at its last successful read


@dataclass(slots=True, kw_only=True)
class ResearchDocument:
    """A competitor's page as a crawl read it: never its text (only a hash of it), but what
    topic analysis needs, with the source it was found in."""

    id: UUID
    organization_id: UUID
    brand_id: UUID
    competitor_id: UUID
    url: str
    source_url: str  # the feed, sitemap or page that listed it
    title: str
    published_at: datetime | None
    text_hash: str  # sha256 of the extracted text: a changed page has a new hash
    word_count: int
    keyphrases: tuple[str, ...]
    signature: bytes  # its MinHash signature (near-duplicates across crawls)
    fetched_at: datetime
    created_at: datetime
    updated_at: datetime
    cluster: str | None = None  # the topic cluster's label
    near_duplicate_of: str | None = None  # the URL of an earlier document it nearly copies
    etag: str | None = None
    last_modified: str | None = None

    @property
    def dated_at(self) -> datetime:
        """When it was published, or else when it was first read."""
        return self.published_at or self.created_at


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
