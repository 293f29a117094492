"""Loading a publication for the current tenant: absent, another organization's, or of a brand
outside a member's scope all look the same (NotFound)."""

from __future__ import annotations

from uuid import UUID

from umt.application.principal import Principal
from umt.application.publishing.timing import uuid_of
from umt.domain.publishing.publication import Publication
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import PublicationId
from umt.ports.unit_of_work import UnitOfWork


async def load_publication(uow: UnitOfWork, actor: Principal, publication_id: UUID) -> Publication:
    wanted = PublicationId(uuid_of(publication_id, "publication_id"))
    publication = await uow.publications.get(actor.organization_id, wanted)
    if publication is None or not actor.can_access_brand(publication.brand_id):
        raise NotFound(f"publication {publication_id} not found")
    return publication
