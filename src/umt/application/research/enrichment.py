"""EnrichBrand (task ``brand.enrich``): read the brand's website and store what it suggests
for the brand's fields (name, description, palette, fonts, logo) as a brand enrichment the
user accepts or rejects field by field (``enrichment_review.py``). The brand itself is never
written here. Runs as a job reporting its progress (stages ``page``, ``stylesheets``,
``done``), like ``research.crawl``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.agents.progress import JobProgress
from umt.application.research.config import ResearchTools
from umt.application.research.site_reading import read_site
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.research.crawl import MAX_REPORTED_FAILURES, CrawlFailure
from umt.domain.research.enrichment import BrandEnrichment
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import Url
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrichBrand:
    use_case: ClassVar = UseCase(
        Permission.BRAND_UPDATE, task="brand.enrich", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    url: str | None = None  # none: the brand's website


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckEnrichment:
    """The URL an enrichment would read, checked before it is handed to the agent (an
    unknown brand is 404; no URL and no website, or a URL that is no http(s) URL, 422)."""

    use_case: ClassVar = UseCase(Permission.BRAND_UPDATE)
    request: EnrichBrand


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrichmentReport:
    """An enrichment's outcome: its id (GET .../enrichments/{id}), the fields suggested and
    what could not be read."""

    enrichment_id: UUID
    brand_id: UUID
    url: str
    suggested: tuple[str, ...]
    failures: tuple[CrawlFailure, ...] = field(default_factory=tuple)


async def enrich_brand(
    cmd: EnrichBrand,
    ctx: Context,
    *,
    clock: Clock,
    ids: IdGenerator,
    research: ResearchTools,
    job_progress: JobProgress,
) -> EnrichmentReport:
    actor = ctx.actor()
    actor.require(EnrichBrand.use_case.permission)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
    url = _url(cmd.url, brand.website)

    async def report(stage: str, done: int, total: int) -> None:
        await job_progress.report(done=done, total=total, stage=stage)

    fetcher = research.fetcher()
    try:
        read = await read_site(url, fetcher, research, report)
    finally:
        await fetcher.close()
    enrichment = BrandEnrichment(
        id=ids.new_id(),
        organization_id=brand.organization_id,
        brand_id=brand.id,
        url=url,
        requested_by=actor.user_id,
        created_at=clock.now(),
        suggestions=tuple(read.suggestions),
        findings=read.findings,
        failures=tuple(read.failures[:MAX_REPORTED_FAILURES]),
    )
    async with ctx.uow as uow:
        await uow.research.save_enrichment(enrichment)
        await uow.commit()
    suggested = tuple(s.field for s in enrichment.suggestions)
    await job_progress.report(done=1, total=1, stage="done", final=True, suggested=len(suggested))
    return EnrichmentReport(
        enrichment_id=enrichment.id,
        brand_id=brand.id,
        url=url,
        suggested=suggested,
        failures=enrichment.failures,
    )


async def check_enrichment(query: CheckEnrichment, ctx: Context) -> str:
    """The URL the enrichment would read."""
    actor = ctx.actor()
    actor.require(CheckEnrichment.use_case.permission)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, query.request.brand_id)
    return _url(query.request.url, brand.website)


def _url(asked: str | None, website: Url | None) -> str:
    if asked is None:
        if website is None:
            raise InvalidValue("the brand has no website: give a url to read", field="url")
        return str(website)
    try:
        return str(Url(asked))
    except InvalidValue as exc:
        raise InvalidValue(exc.message, field="url") from None
