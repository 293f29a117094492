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
from umt.domain.content.publication_summary import PublicationState, StateCount, summarize
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.ids import ContentId, OrganizationId
from umt.ports.clock import Clock
from umt.ports.unit_of_work import UnitOfWork

OUTCOME_EVENTS = ("publication.published", "publication.failed", "publication.missed")

_STATE = {
    PublicationStatus.PUBLISHED: PublicationState.PUBLISHED,
    PublicationStatus.FAILED: PublicationState.FAILED,
    PublicationStatus.MISSED: PublicationState.FAILED,
    PublicationStatus.CANCELLED: PublicationState.CANCELLED,
    # no longer live on its platform: as if it had not gone out
    PublicationStatus.TAKEN_DOWN: PublicationState.CANCELLED,
}


def _state(status: PublicationStatus) -> PublicationState:
    return _STATE.get(status, PublicationState.PENDING)


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
    mine = {p.id: p for p in changed if p.content_id == content_id}
    stored = await uow.publications.status_counts(
        organization_id, content_id, excluding=frozenset(mine)
    )
    summary = summarize(
        [StateCount(_state(c.status), c.count, c.first_due_at) for c in stored]
        + [StateCount(_state(p.status), 1, p.due_at) for p in mine.values()]
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
