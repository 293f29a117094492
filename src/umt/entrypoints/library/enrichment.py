"""``platform.enrichment`` (as /api/v1/brands/{id}/enrichments).

Read a brand's website for suggested brand fields (now, or as a job that reports its
progress), then accept (the brand is updated, its version checked) or reject them field by
field. Nothing is written to the brand until a field is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from umt.application.agents.jobs import JobDispatcher, SubmitJob
from umt.application.bus import MessageBus
from umt.application.read_models import detached
from umt.application.research.enrichment import CheckEnrichment, EnrichBrand, EnrichmentReport
from umt.application.research.enrichment_review import (
    AcceptSuggestions,
    GetEnrichment,
    ListEnrichments,
    RejectSuggestions,
    Reviewed,
)
from umt.application.research.views import BrandEnrichmentView
from umt.domain.research.enrichment import BrandEnrichment
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.job_store import Job

ENRICH_TIMEOUT_SECONDS = 300


class EnrichmentApi(BusApi):
    """Brand enrichment: reading the site, accepting and rejecting need ``brand:update``;
    reading the enrichments ``brand:read``."""

    def __init__(self, bus: MessageBus, dispatcher: JobDispatcher) -> None:
        super().__init__(bus)
        self._dispatcher = dispatcher

    async def enrich(
        self, session: Session, brand_id: UUID, *, url: str | None = None
    ) -> EnrichmentReport:
        """Read ``url`` (default: the brand's website) now and store the suggestions."""
        return await self._ask(session, EnrichBrand(brand_id=brand_id, url=url), EnrichmentReport)

    async def start_enrich(
        self, session: Session, brand_id: UUID, *, url: str | None = None
    ) -> Job:
        """Check the request, then hand it to the content-strategy agent as a job."""
        command = EnrichBrand(brand_id=brand_id, url=url)
        checked = await self._bus.ask(CheckEnrichment(request=command), str, session.principal)
        job = await self._dispatcher.submit(
            session.principal,
            SubmitJob(
                task_type="brand.enrich",
                input={"brand_id": str(brand_id), "url": checked},
                timeout_seconds=ENRICH_TIMEOUT_SECONDS,
            ),
        )
        return detached(job)

    async def enrichments(
        self, session: Session, brand_id: UUID, *, limit: int = 20
    ) -> list[BrandEnrichmentView]:
        """The brand's latest enrichments, the latest first."""
        found = await self._ask(
            session, ListEnrichments(brand_id=brand_id, limit=limit), list[BrandEnrichment]
        )
        return [BrandEnrichmentView.of(e) for e in found]

    async def enrichment(
        self, session: Session, brand_id: UUID, enrichment_id: UUID
    ) -> BrandEnrichmentView:
        query = GetEnrichment(brand_id=brand_id, enrichment_id=enrichment_id)
        return BrandEnrichmentView.of(await self._ask(session, query, BrandEnrichment))

    async def accept(
        self,
        session: Session,
        brand_id: UUID,
        enrichment_id: UUID,
        fields: Sequence[str],
        *,
        expected_version: int | None = None,
    ) -> BrandEnrichmentView:
        """Apply the suggested ``fields`` to the brand (``expected_version``: the brand's
        version you read; a stale one raises StaleVersion)."""
        command = AcceptSuggestions(
            brand_id=brand_id,
            enrichment_id=enrichment_id,
            fields=tuple(fields),
            expected_version=expected_version,
        )
        reviewed = await self._ask(session, command, Reviewed)
        return BrandEnrichmentView.of(reviewed.enrichment)

    async def reject(
        self, session: Session, brand_id: UUID, enrichment_id: UUID, fields: Sequence[str]
    ) -> BrandEnrichmentView:
        """Record that the suggested ``fields`` are not wanted (the brand is not touched)."""
        command = RejectSuggestions(
            brand_id=brand_id, enrichment_id=enrichment_id, fields=tuple(fields)
        )
        return BrandEnrichmentView.of(await self._ask(session, command, BrandEnrichment))
