"""CrawlCompetitors (task ``research.crawl``): read a brand's competitors' feeds, sitemaps
and pages politely, and store what they publish with its sources.

Stages, each reported on the job: the sources (``sources.py``), the pages they list
(``pages.py``: newest first, at most ``max_pages``; a page whose sitemap ``lastmod`` is not
newer than its last read is not fetched again, and one that is is asked conditionally) and
the pages they link to on their own host (``following.py``, ``link_depth`` hops), their
documents committed in batches as they are read (``batches.py``), then the analysis:
keyphrases by TF-IDF over the pages read together, near-duplicates by MinHash against every
document the brand has, and the brand's topic clusters recomputed, written in a last
transaction with the crawl's record and its ``research.completed`` event (webhooks fan it
out).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.agents.progress import JobProgress
from umt.application.research.analysis import documents_of, recluster
from umt.application.research.batches import BatchWriter, refreshed_document
from umt.application.research.config import ResearchTools
from umt.application.research.following import LinkBudget
from umt.application.research.pages import read_pages
from umt.application.research.sources import Listed, Scope, discover
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.use_case import UseCase
from umt.domain.brand.audience import Competitor
from umt.domain.identity.permissions import Permission
from umt.domain.research.crawl import CrawlFailure, ResearchCrawl
from umt.domain.research.document import ResearchDocument
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_LINK_DEPTH = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlCompetitors:
    use_case: ClassVar = UseCase(
        Permission.RESEARCH_RUN, task="research.crawl", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    competitor_ids: tuple[UUID, ...] = ()  # none: every competitor not archived
    max_pages: int | None = None  # at most the configured limit
    link_depth: int | None = None  # in-page links followed (0: none); None: the configured


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckCrawl:
    """What a crawl request would crawl, checked before it is handed to the agent as a job
    (an unknown brand or competitor, a bad limit, no research configured: refused at once)."""

    use_case: ClassVar = UseCase(Permission.RESEARCH_RUN)
    request: CrawlCompetitors


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlReport:
    """A crawl's outcome: its id (listed by GET .../research/crawls), counts and failures."""

    crawl_id: UUID
    brand_id: UUID
    competitor_ids: tuple[UUID, ...]
    counts: dict[str, int]
    failures: tuple[CrawlFailure, ...] = field(default_factory=tuple)


async def crawl_competitors(
    cmd: CrawlCompetitors,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    research: ResearchTools,
    job_progress: JobProgress,
) -> CrawlReport:
    actor = ctx.actor()
    actor.require(CrawlCompetitors.use_case.permission)
    limit = _page_limit(cmd.max_pages, research.config.max_pages)
    started = clock.now()
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        competitors = _chosen(list(brand.competitors.values()), cmd.competitor_ids)
        stored_sources = {
            (s.competitor_id, s.url): s
            for s in await uow.research.sources(brand.organization_id, brand.id)
        }
    depth = _link_depth(cmd.link_depth, research.config.link_depth)
    progress = _Progress(job_progress)
    await progress.stage("sources", 0, len(competitors))
    fetcher = research.fetcher()
    scope = Scope(organization_id=brand.organization_id, brand_id=brand.id, now=started, ids=ids)
    try:
        found = await discover(competitors, stored_sources, fetcher, research, scope)
        async with ctx.uow as uow:  # every stored page: a linked one is asked conditionally
            before = await uow.research.all_documents(brand.organization_id, brand.id)
        stored = {d.url: d for d in before}
        pages = _to_fetch(list(found.pages.values()), stored, limit, found.counts)
        links = LinkBudget(depth=depth, left=limit - len(pages), listed=found.pages, stored=stored)
        batches = BatchWriter(
            ctx, research, scope=scope, stored=stored, sources=found.sources, clock=clock
        )

        async def report(done: int, counts: Counter[str]) -> None:
            await progress.stage("pages", done, len(pages) + links.followed, counts)

        await progress.stage("pages", 0, len(pages))
        read = await read_pages(pages, fetcher, research, links, report, batches.kept)
    finally:
        await fetcher.close()
    counts = found.counts + read.counts
    counts.pop("documents_saved", None)
    failures = [*found.failures, *read.failures]
    total = len(pages) + links.followed
    await progress.stage("analysis", total, total, counts)
    now = clock.now()
    known = {**stored, **batches.committed}
    async with ctx.uow as uow:
        every = await uow.research.all_documents(brand.organization_id, brand.id)
        changed = documents_of(read.read, known, every, research, scope=scope, now=now)
        refreshed = [
            refreshed_document(known[page.url], got.validators, got.fetched_at)
            for page, got in read.unchanged
            if page.url in known
        ]
        counts["documents_new"] = sum(1 for d in changed if d.url not in stored)
        counts["documents_updated"] = len(changed) - counts["documents_new"]
        counts["near_duplicates"] = sum(1 for d in changed if d.near_duplicate_of)
        await uow.research.save_documents([*changed, *refreshed])
        await uow.research.save_sources(found.sources)
        labels = recluster(every, changed)
        await uow.research.set_clusters(brand.organization_id, brand.id, labels)
        crawl = ResearchCrawl(
            id=ids.new_id(),
            organization_id=brand.organization_id,
            brand_id=brand.id,
            competitor_ids=tuple(c.id for c in competitors),
            requested_by=actor.user_id,
            started_at=started,
        )
        totals = {key: int(value) for key, value in sorted(counts.items())}
        crawl.finish(counts=totals, failures=failures, now=now)
        await uow.research.add_crawl(crawl)
        await uow.commit()
    await progress.stage("done", total, total, counts, final=True)
    return CrawlReport(
        crawl_id=crawl.id,
        brand_id=brand.id,
        competitor_ids=crawl.competitor_ids,
        counts=totals,
        failures=crawl.failures,
    )


async def check_crawl(
    query: CheckCrawl, ctx: Context, *, research: ResearchTools
) -> tuple[UUID, ...]:
    """The competitors the crawl would read."""
    actor = ctx.actor()
    actor.require(CheckCrawl.use_case.permission)
    _page_limit(query.request.max_pages, research.config.max_pages)
    _link_depth(query.request.link_depth, research.config.link_depth)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, query.request.brand_id)
    chosen = _chosen(list(brand.competitors.values()), query.request.competitor_ids)
    return tuple(c.id for c in chosen)


def _link_depth(asked: int | None, configured: int) -> int:
    if asked is None:
        return configured
    if not 0 <= asked <= MAX_LINK_DEPTH:
        raise InvalidValue(f"link_depth must be between 0 and {MAX_LINK_DEPTH}", field="link_depth")
    return asked


def _page_limit(asked: int | None, configured: int) -> int:
    if asked is None:
        return configured
    if asked < 1:
        raise InvalidValue("max_pages must be at least 1", field="max_pages")
    return min(asked, configured)


def _chosen(competitors: list[Competitor], asked: Sequence[UUID]) -> list[Competitor]:
    active = [c for c in competitors if c.archived_at is None]
    if not asked:
        return sorted(active, key=lambda c: c.name)
    by_id: dict[UUID, Competitor] = {c.id: c for c in competitors}
    missing = [str(i) for i in asked if i not in by_id]
    if missing:
        raise NotFound(f"competitor {missing[0]} not found")
    return [by_id[i] for i in dict.fromkeys(asked)]


def _to_fetch(
    listed: list[Listed], stored: dict[str, ResearchDocument], limit: int, counts: Counter[str]
) -> list[Listed]:
    """The pages to fetch, newest first: a listed ``lastmod`` no newer than the last read
    means the page has not changed, so it is not fetched at all."""
    due: list[Listed] = []
    for page in listed:
        before = stored.get(page.url)
        listed_at = page.published_at
        if before is not None and listed_at is not None and listed_at <= before.fetched_at:
            counts["pages_unchanged_by_lastmod"] += 1
            continue
        due.append(page)
    due.sort(key=lambda p: (p.published_at is None, -(p.published_at or _EPOCH).timestamp()))
    if len(due) > limit:
        counts["pages_over_limit"] = len(due) - limit
    return due[:limit]


class _Progress:
    def __init__(self, progress: JobProgress) -> None:
        self._progress = progress

    async def stage(
        self,
        stage: str,
        done: int,
        total: int,
        counts: Counter[str] | None = None,
        *,
        final: bool = False,
    ) -> None:
        await self._progress.report(
            done=done, total=total, stage=stage, final=final, **dict(counts or {})
        )
