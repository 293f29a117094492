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


@dataclass(frozen=True, slots=True)
class StateCount:
    """How many publications count as ``state``, and the earliest one's due time."""

    state: PublicationState
    count: int
    first_due_at: datetime


def summarize(counts: Iterable[StateCount]) -> PublicationSummary:
    """The piece's status from how many of its publications are in each state (a state may
    come more than once: the counts add up)."""
    total: dict[PublicationState, int] = dict.fromkeys(PublicationState, 0)
    pending_firsts: list[datetime] = []
    for c in counts:
        total[c.state] += c.count
        if c.state is PublicationState.PENDING and c.count:
            pending_firsts.append(c.first_due_at)
    live = sum(n for state, n in total.items() if state is not PublicationState.CANCELLED)
    published = total[PublicationState.PUBLISHED]
    first = min(pending_firsts, default=None)
    if not live:
        return PublicationSummary(ContentStatus.APPROVED, None)
    if published == live:
        return PublicationSummary(ContentStatus.PUBLISHED, None)
    if published:
        return PublicationSummary(ContentStatus.PARTLY_PUBLISHED, first)
    if total[PublicationState.PENDING]:
        return PublicationSummary(ContentStatus.SCHEDULED, first)
    return PublicationSummary(ContentStatus.FAILED, None)
