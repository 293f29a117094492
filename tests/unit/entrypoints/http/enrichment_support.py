"""A brand enrichment stored directly (reading a website needs a fixture server): for the
route matrices, which need an enrichment id of an organization with every field undecided."""

from __future__ import annotations

from uuid import UUID, uuid4

from litestar import Litestar
from litestar.testing import TestClient

from umt.domain.research.enrichment import BrandEnrichment, Suggestion


def stored_enrichment(client: TestClient[Litestar], organization_id: str, brand_id: str) -> str:
    container = client.app.state.container

    async def store() -> UUID:
        enrichment = BrandEnrichment(
            id=uuid4(),
            organization_id=UUID(organization_id),
            brand_id=UUID(brand_id),
            url="https://brand.example/",
            requested_by=uuid4(),
            created_at=container.clock().now(),
            suggestions=(
                Suggestion(field="name", value="Matrix Brand", found_in="og:site_name"),
                Suggestion(field="description", value="Suggested.", found_in="meta description"),
            ),
        )
        async with container.unit_of_work_factory()() as uow:
            await uow.research.save_enrichment(enrichment)
            await uow.commit()
        return enrichment.id

    return str(client.blocking_portal.call(store))
