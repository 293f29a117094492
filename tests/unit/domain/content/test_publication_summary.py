"""A piece's status from the counts of its publications per state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from umt.domain.content.piece import ContentStatus
from umt.domain.content.publication_summary import PublicationState, StateCount, summarize

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
P = PublicationState


def count(state: PublicationState, n: int, hours: int = 0) -> StateCount:
    return StateCount(state, n, T + timedelta(hours=hours))


@pytest.mark.parametrize(
    ("counts", "status", "scheduled_for"),
    [
        ([], ContentStatus.APPROVED, None),
        ([count(P.CANCELLED, 3)], ContentStatus.APPROVED, None),
        ([count(P.PUBLISHED, 2), count(P.CANCELLED, 1)], ContentStatus.PUBLISHED, None),
        ([count(P.PUBLISHED, 1), count(P.PENDING, 2, 5)], ContentStatus.PARTLY_PUBLISHED, 5),
        ([count(P.PUBLISHED, 1), count(P.FAILED, 1)], ContentStatus.PARTLY_PUBLISHED, None),
        ([count(P.PENDING, 1, 7), count(P.FAILED, 4)], ContentStatus.SCHEDULED, 7),
        ([count(P.FAILED, 2), count(P.CANCELLED, 1)], ContentStatus.FAILED, None),
    ],
)
def test_the_status_summarizes_the_counts(
    counts: list[StateCount], status: ContentStatus, scheduled_for: int | None
) -> None:
    summary = summarize(counts)
    assert summary.status is status
    expected = None if scheduled_for is None else T + timedelta(hours=scheduled_for)
    assert summary.scheduled_for == expected


def test_counts_of_one_state_add_up_and_the_earliest_pending_time_wins() -> None:
    # several statuses count as pending (scheduled, claimed, publishing, unknown outcome)
    summary = summarize([count(P.PENDING, 2, 6), count(P.PUBLISHED, 3), count(P.PENDING, 1, 2)])
    assert (summary.status, summary.scheduled_for) == (
        ContentStatus.PARTLY_PUBLISHED,
        T + timedelta(hours=2),
    )
    assert summarize([count(P.PUBLISHED, 2), count(P.PUBLISHED, 1)]).status is (
        ContentStatus.PUBLISHED
    )
    # a zero count is no publication at all
    assert summarize([count(P.PENDING, 0), count(P.PUBLISHED, 1)]).status is (
        ContentStatus.PUBLISHED
    )
