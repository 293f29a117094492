"""A content piece's status follows its publications (``domain/content/publication_summary``).

The calendar's use cases refresh it in their own transaction; the publish engine's outcomes
(``publication.published``, ``.failed``, ``.missed``) reach it through the agent's
subscription, each in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from umt.application.messaging.envelope import EventMessage
from umt.application.services import Context
from umt.domain.content.piece import ContentPiece
from umt.domain.content.publication_summary import PublicationState, summarize
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.ids import ContentId, OrganizationId
from umt.ports.clock import Clock
from umt.ports.pagination import PageRequest
from umt.ports.publication_repository import PublicationFilter
from umt.ports.unit_of_work import UnitOfWork

OUTCOME_EVENTS = ("publication.published", "publication.failed", "publication.missed")

_STATE = {
    PublicationStatus.PUBLISHED: PublicationState.PUBLISHED,
    PublicationStatus.FAILED: PublicationState.FAILED,
    PublicationStatus.MISSED: PublicationState.FAILED,
    PublicationStatus.CANCELLED: PublicationState.CANCELLED,
}


async def refresh_content_status(
    uow: UnitOfWork,
    organization_id: OrganizationId,
    content_id: ContentId,
    *,
    now: datetime,
    changed: Iterable[Publication] = (),
    piece: ContentPiece | None = None,
) -> None:
    """Give the piece (``piece`` when the caller loaded it in ``uow``) the status its
    publications summarize; ``changed`` are publications this transaction wrote (a
    repository may show only committed ones)."""
    piece = piece or await uow.content.get(organization_id, content_id)
    if piece is None:
        return
    publications = {p.id: p for p in changed if p.content_id == content_id}
    filters = PublicationFilter(content_id=content_id)
    cursor: str | None = None
    while True:
        page = await uow.publications.list(
            organization_id, filters, PageRequest(limit=200, sort="due_at", cursor=cursor)
        )
        for stored in page.items:
            publications.setdefault(stored.id, stored)
        if (cursor := page.next_cursor) is None:
            break
    summary = summarize(
        (_STATE.get(p.status, PublicationState.PENDING), p.due_at) for p in publications.values()
    )
    if piece.reflect_publications(summary.status, summary.scheduled_for, now=now):
        await uow.content.save(piece)


async def on_publication_outcome(event: EventMessage, ctx: Context, *, clock: Clock) -> None:
    """The agent's handler of a publication's outcome: its piece's status follows."""
    try:
        organization_id = OrganizationId(UUID(str(event.payload.get("organization_id"))))
        data = event.payload.get("data")
        content_id = ContentId(UUID(str(data.get("content_id") if isinstance(data, dict) else "")))
    except ValueError:
        return  # not a publication's event
    async with ctx.uow as uow:
        await refresh_content_status(uow, organization_id, content_id, now=clock.now())
        await uow.commit()
