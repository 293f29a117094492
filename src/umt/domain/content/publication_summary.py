"""A content piece's status as the summary of its publications.

Once a piece has publications its status is no longer set by hand: nothing left on the
calendar (all cancelled) is ``approved``; every live one published is ``published``; some
published and others not (yet) is ``partly_published``; none published while some are still
to go is ``scheduled`` (at the earliest of them); none published and none to go (failed or
missed) is ``failed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from umt.domain.content.piece import ContentStatus


class PublicationState(StrEnum):
    """How a publication counts in the summary."""

    PENDING = "pending"  # scheduled, claimed, publishing, outcome unknown
    PUBLISHED = "published"
    FAILED = "failed"  # failed or missed
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PublicationSummary:
    status: ContentStatus
    scheduled_for: datetime | None  # the earliest pending publication's due time


def summarize(publications: Iterable[tuple[PublicationState, datetime]]) -> PublicationSummary:
    """The piece's status from its publications' states and due times."""
    live = [(state, due) for state, due in publications if state is not PublicationState.CANCELLED]
    pending = sorted(due for state, due in live if state is PublicationState.PENDING)
    published = sum(1 for state, _ in live if state is PublicationState.PUBLISHED)
    first = pending[0] if pending else None
    if not live:
        return PublicationSummary(ContentStatus.APPROVED, None)
    if published == len(live):
        return PublicationSummary(ContentStatus.PUBLISHED, None)
    if published:
        return PublicationSummary(ContentStatus.PARTLY_PUBLISHED, first)
    if pending:
        return PublicationSummary(ContentStatus.SCHEDULED, first)
    return PublicationSummary(ContentStatus.FAILED, None)
