"""A crawl's first stage: each competitor's sources read for the pages they list.

A competitor's sources are its feeds, the sitemaps its website's robots.txt names (else its
``/sitemap.xml``), following sitemap indexes up to a limit, and its website itself, which is
a page too. Each source is read with the validators stored from its last read, so an
unchanged feed costs a 304; the record of each read (validators, status, what it listed) is
kept for the next crawl.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from umt.application.research.config import ResearchTools
from umt.domain.brand.audience import Competitor
from umt.domain.research.crawl import CrawlFailure
from umt.domain.research.document import ResearchSource, SourceKind
from umt.ports.id_generator import IdGenerator
from umt.ports.web_documents import Linked
from umt.ports.web_fetcher import FetchFailure, Validators, WebFetcher


@dataclass(frozen=True, slots=True)
class Listed:
    """A page to read: where it was found and what the listing said about it."""

    url: str
    competitor_id: UUID
    source_url: str
    title: str = ""
    published_at: datetime | None = None
    depth: int = 0  # 0: listed by a source; n: n in-page links away from such a page


@dataclass(slots=True)
class Discovery:
    pages: dict[str, Listed] = field(default_factory=dict)  # by URL, the first listing kept
    sources: list[ResearchSource] = field(default_factory=list)
    failures: list[CrawlFailure] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """Whose sources these are, and what a new source record is made of."""

    organization_id: UUID
    brand_id: UUID
    now: datetime
    ids: IdGenerator


async def discover(
    competitors: Sequence[Competitor],
    stored: Mapping[tuple[UUID, str], ResearchSource],
    fetcher: WebFetcher,
    tools: ResearchTools,
    scope: Scope,
) -> Discovery:
    """Read every competitor's sources (several competitors at once, see the module doc)."""
    found = Discovery()
    gate = asyncio.Semaphore(tools.config.concurrent_hosts)

    async def one(competitor: Competitor) -> Discovery:
        async with gate:
            return await _competitor(competitor, stored, fetcher, tools, scope)

    for each in await asyncio.gather(*(one(c) for c in competitors)):
        for url, listed in each.pages.items():
            found.pages.setdefault(url, listed)
        found.sources.extend(each.sources)
        found.failures.extend(each.failures)
        found.counts.update(each.counts)
    return found


async def _competitor(
    competitor: Competitor,
    stored: Mapping[tuple[UUID, str], ResearchSource],
    fetcher: WebFetcher,
    tools: ResearchTools,
    scope: Scope,
) -> Discovery:
    found = Discovery()
    reading = _Reading(competitor.id, stored, fetcher, tools, scope, found)
    for feed in competitor.feed_urls:
        await reading.feed(feed.value)
    if competitor.website is not None:
        site = competitor.website.value
        sitemaps = await fetcher.sitemaps_of(site)
        guessed = not sitemaps
        if guessed:
            parts = urlsplit(site)
            sitemaps = [f"{parts.scheme}://{parts.netloc}/sitemap.xml"]
        await reading.sitemaps(sitemaps, guessed=guessed)
        found.pages.setdefault(site, Listed(site, competitor.id, site))
        reading.remember(site, SourceKind.PAGE, None, listed=1)
    return found


class _Reading:
    """One competitor's sources being read (the state ``_competitor`` threads through)."""

    def __init__(
        self,
        competitor_id: UUID,
        stored: Mapping[tuple[UUID, str], ResearchSource],
        fetcher: WebFetcher,
        tools: ResearchTools,
        scope: Scope,
        found: Discovery,
    ) -> None:
        self._competitor = competitor_id
        self._stored = stored
        self._fetcher = fetcher
        self._tools = tools
        self._scope = scope
        self._found = found

    async def feed(self, url: str) -> None:
        body = await self._read(url, SourceKind.FEED, max_bytes=None)
        if body is None:
            return
        entries = self._tools.reader.feed(body, url, limit=self._tools.config.max_listed)
        self._list(url, entries)
        self._set_listed(url, len(entries))

    async def sitemaps(self, urls: Sequence[str], *, guessed: bool) -> None:
        config = self._tools.config
        queue = list(dict.fromkeys(urls))
        seen: set[str] = set()
        while queue and len(seen) < config.max_sitemaps:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            body = await self._read(
                url, SourceKind.SITEMAP, max_bytes=config.max_sitemap_bytes, quiet=guessed
            )
            if body is None:
                continue
            listing = self._tools.reader.sitemap(body, url, limit=config.max_listed)
            self._list(url, listing.pages)
            queue.extend(s for s in listing.sitemaps if s not in seen)
            self._set_listed(url, len(listing.pages) + len(listing.sitemaps))
        if queue:
            self._found.counts["sitemaps_left_unread"] += len(queue)

    async def _read(
        self, url: str, kind: SourceKind, *, max_bytes: int | None, quiet: bool = False
    ) -> bytes | None:
        """The source's body if it changed since the last read; records how the read went."""
        before = self._stored.get((self._competitor, url))
        validators = Validators(before.etag, before.last_modified) if before is not None else None
        got = await self._fetcher.fetch(url, validators=validators, max_bytes=max_bytes)
        counts = self._found.counts
        if got.not_modified:
            counts["sources_unchanged"] += 1
            self.remember(url, kind, got.status, validators=validators, listed=None)
            return None
        if not got.ok:
            if quiet and got.failure is FetchFailure.HTTP_ERROR:
                return None  # a guessed /sitemap.xml that is not there is no failure
            counts["sources_failed"] += 1
            reason = got.failure.value if got.failure is not None else "no_content"
            self._found.failures.append(CrawlFailure(url, reason, got.detail))
            self.remember(url, kind, got.status, failure=reason, listed=None)
            return None
        counts["sources_read"] += 1
        self.remember(url, kind, got.status, validators=got.validators, listed=0)
        return got.body

    def _list(self, source_url: str, entries: Sequence[Linked]) -> None:
        for entry in entries:
            self._found.counts["pages_listed"] += 1
            self._found.pages.setdefault(
                entry.url,
                Listed(entry.url, self._competitor, source_url, entry.title, entry.published_at),
            )

    def remember(
        self,
        url: str,
        kind: SourceKind,
        status: int | None,
        *,
        validators: Validators | None = None,
        failure: str | None = None,
        listed: int | None,
    ) -> None:
        before = self._stored.get((self._competitor, url))
        scope = self._scope
        record = before or ResearchSource(
            id=scope.ids.new_id(),
            organization_id=scope.organization_id,
            brand_id=scope.brand_id,
            competitor_id=self._competitor,
            url=url,
            kind=kind,
            created_at=scope.now,
        )
        self._found.sources.append(
            replace(
                record,
                kind=kind,
                etag=validators.etag if validators else record.etag,
                last_modified=validators.last_modified if validators else record.last_modified,
                fetched_at=scope.now,
                status=status,
                failure=failure,
                listed=record.listed if listed is None else listed,
            )
        )

    def _set_listed(self, url: str, listed: int) -> None:
        for index in range(len(self._found.sources) - 1, -1, -1):
            if self._found.sources[index].url == url:
                self._found.sources[index] = replace(self._found.sources[index], listed=listed)
                return
