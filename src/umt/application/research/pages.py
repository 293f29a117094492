"""A crawl's second stage: the listed pages fetched (one request at a time per host, several
hosts at once) and each read once: its main text, a hash of it, its candidate phrases and
its MinHash signature, and its links on its own host followed (``following.py``). Reading
is CPU work, done in threads beside the fetching, so a host's next request never waits for
the last page to be read (its crawl-delay runs meanwhile); at most two bodies per host wait
to be read. The text itself is dropped as soon as it is read."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from umt.application.research.config import ResearchTools
from umt.application.research.following import LinkBudget
from umt.application.research.sources import Listed
from umt.domain.research.crawl import CrawlFailure
from umt.domain.research.document import ResearchDocument, text_hash
from umt.domain.research.keyphrases import Candidates, candidates, words
from umt.ports.web_fetcher import Fetched, FetchFailure, Validators, WebFetcher

HTML_TYPES = frozenset({"", "text/html", "application/xhtml+xml", "text/plain"})


@dataclass(frozen=True, slots=True)
class PageRead:
    """What a crawl keeps of a page it read (never its text)."""

    listed: Listed
    title: str
    published_at: datetime | None
    text_hash: str
    word_count: int
    candidates: Candidates
    signature: bytes
    validators: Validators
    fetched_at: datetime


@dataclass(slots=True)
class PagesRead:
    read: list[PageRead] = field(default_factory=list)  # new or changed text
    unchanged: list[tuple[Listed, Fetched]] = field(default_factory=list)  # 304 or same hash
    failures: list[CrawlFailure] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


Report = Callable[[int, Counter[str]], Awaitable[None]]
Kept = Callable[[PagesRead], Awaitable[None]]


async def read_pages(
    pages: Sequence[Listed],
    fetcher: WebFetcher,
    tools: ResearchTools,
    links: LinkBudget,
    report: Report,
    kept: Kept | None = None,
) -> PagesRead:
    """Fetch and read ``pages`` and the in-page links ``links`` lets it follow;
    ``report(done, counts)`` after each page, ``kept(found)`` after each page read (the
    crawl commits its documents in batches from there)."""
    by_host: dict[str, deque[Listed]] = defaultdict(deque)
    for page in pages:
        by_host[urlsplit(page.url).netloc].append(page)
    found = PagesRead()
    gate = asyncio.Semaphore(tools.config.concurrent_hosts)
    waiting = asyncio.Semaphore(2 * tools.config.concurrent_hosts)  # bodies not yet read
    reading: list[asyncio.Task[None]] = []
    done = 0

    async def finished() -> None:
        nonlocal done
        done += 1
        await report(done, found.counts)

    async def read(
        page: Listed, got: Fetched, before: ResearchDocument | None, queue: deque[Listed]
    ) -> None:
        try:
            result, linked = await asyncio.to_thread(_read, page, got, tools, links)
            _keep(page, got, before, result, found)
            followed = links.follow(page, linked)
            found.counts["pages_linked"] += len(followed)
            queue.extend(followed)
        finally:
            waiting.release()
        await finished()
        if kept is not None:
            await kept(found)

    async def host(queue: deque[Listed]) -> None:
        pending: set[asyncio.Task[None]] = set()
        async with gate:
            while queue or pending:
                if not queue:  # a page still being read may add links to this host
                    await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                    pending = {t for t in pending if not t.done()}
                    continue
                page = queue.popleft()
                before = links.stored(page.url)
                got = await _fetch(page, before, fetcher, found)
                if got is None:
                    await finished()
                    continue
                await waiting.acquire()
                task = asyncio.create_task(read(page, got, before, queue))
                pending.add(task)
                reading.append(task)

    await asyncio.gather(*(host(queue) for queue in by_host.values()))
    await asyncio.gather(*reading)
    return found


async def _fetch(
    page: Listed, before: ResearchDocument | None, fetcher: WebFetcher, found: PagesRead
) -> Fetched | None:
    """The page's new content, or None (unchanged, failed, not HTML: counted here)."""
    validators = Validators(before.etag, before.last_modified) if before is not None else None
    got = await fetcher.fetch(page.url, validators=validators)
    counts = found.counts
    if got.not_modified:
        counts["pages_not_modified"] += 1
        found.unchanged.append((page, got))
        return None
    if not got.ok:
        reason = got.failure.value if got.failure is not None else "no_content"
        disallowed = got.failure is FetchFailure.ROBOTS_DISALLOWED
        counts["pages_disallowed" if disallowed else "pages_failed"] += 1
        found.failures.append(CrawlFailure(page.url, reason, got.detail))
        return None
    counts["pages_fetched"] += 1
    if got.content_type not in HTML_TYPES:
        counts["pages_unreadable"] += 1
        found.failures.append(CrawlFailure(page.url, "unreadable", got.content_type))
        return None
    return got


def _keep(
    page: Listed,
    got: Fetched,
    before: ResearchDocument | None,
    read: PageRead | None,
    found: PagesRead,
) -> None:
    if read is None:
        found.counts["pages_unreadable"] += 1
        found.failures.append(CrawlFailure(page.url, "unreadable", "no main text"))
    elif before is not None and before.text_hash == read.text_hash:
        found.counts["documents_unchanged"] += 1
        found.unchanged.append((page, got))
    else:
        found.read.append(read)


def _read(
    page: Listed, got: Fetched, tools: ResearchTools, links: LinkBudget
) -> tuple[PageRead | None, list[str]]:
    linked = (
        tools.reader.links(got.body, got.final_url, limit=tools.config.max_links_per_page)
        if links.wants_links_of(page)
        else []
    )
    text = tools.reader.page(got.body, got.final_url, max_chars=tools.config.max_text_chars)
    if text is None:
        return None, linked
    return PageRead(
        listed=page,
        title=(text.title or page.title)[:500],
        published_at=page.published_at or text.published_at,
        text_hash=text_hash(text.text),
        word_count=len(words(text.text)),
        candidates=candidates(f"{text.title}\n{text.text}"),
        signature=tools.signatures.signature(text.text),
        validators=got.validators,
        fetched_at=got.fetched_at,
    ), linked
