"""The first comment's delivery: due once the post is published, an attempt before each call,
then posted, refused (again later, or failed), unknown (failed, never re-sent) or unsupported;
every other move is refused, and none of them changes the publication's status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.domain.publishing.publication_builders import NOW, publication

from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.first_comment import CommentStatus, FirstCommentDelivery
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import IllegalPublicationTransition
from umt.domain.publishing.publication_status import PublicationStatus

C = CommentStatus
LEASE = timedelta(minutes=2)
AT = NOW + timedelta(hours=1)


def claimed(comment: str | None = "#beans") -> tuple[Publication, int]:
    p = publication(first_comment=comment)
    fence = p.claim("t", until=AT + LEASE, now=AT)
    p.begin_attempt(fence, now=AT)
    return p, fence


def published(comment: str | None = "#beans") -> Publication:
    p, fence = claimed(comment)
    p.record_success(fence, remote_id="post-1", now=AT)
    return p


def test_a_published_post_with_a_first_comment_has_it_due_at_once() -> None:
    p = published()
    assert p.comment_delivery == FirstCommentDelivery(next_attempt_at=AT, updated_at=AT)
    assert p.first_comment_due(AT)
    assert not p.first_comment_due(AT - timedelta(seconds=1))


def test_a_reconciled_post_has_its_comment_due_too() -> None:
    p, fence = claimed()
    p.record_unknown(fence, now=AT, reconcile_at=AT)
    fence = p.claim("t", until=AT + LEASE, now=AT)
    p.reconcile_found(fence, remote_id="post-1", now=AT)
    assert p.comment_delivery is not None
    assert p.comment_delivery.status is C.PENDING


def test_without_a_first_comment_there_is_nothing_to_deliver() -> None:
    p = published(comment=None)
    assert p.comment_delivery is None
    assert not p.first_comment_due(AT)
    with pytest.raises(IllegalPublicationTransition):
        p.begin_first_comment(now=AT, deadline=AT + LEASE)


def test_an_unpublished_publication_posts_no_comment() -> None:
    p, _ = claimed()
    with pytest.raises(IllegalPublicationTransition):
        p.begin_first_comment(now=AT, deadline=AT + LEASE)


def test_posted_keeps_the_comments_id_and_the_publication_published() -> None:
    p = published()
    version = p.version
    p.begin_first_comment(now=AT, deadline=AT + LEASE)
    assert p.comment_delivery is not None
    assert (p.comment_delivery.status, p.comment_delivery.attempts) == (C.POSTING, 1)
    assert p.comment_delivery.next_attempt_at == AT + LEASE  # the deadline
    p.first_comment_posted("comment-7", now=AT)
    assert p.comment_delivery.status is C.POSTED
    assert p.comment_delivery.comment_id == "comment-7"
    assert not p.first_comment_due(AT + timedelta(days=1))
    assert p.status is PublicationStatus.PUBLISHED
    assert p.version == version + 2  # each step is a change others see


def test_a_refusal_with_a_retry_time_is_due_again_then() -> None:
    p = published()
    p.begin_first_comment(now=AT, deadline=AT + LEASE)
    retry = AT + timedelta(seconds=90)
    p.first_comment_refused(FailureReason.RATE_LIMITED, now=AT, detail="429", retry_at=retry)
    assert p.comment_delivery is not None
    assert p.comment_delivery.status is C.PENDING
    assert not p.first_comment_due(retry - timedelta(seconds=1))
    assert p.first_comment_due(retry)
    p.begin_first_comment(now=retry, deadline=retry + LEASE)
    assert p.comment_delivery.attempts == 2


def test_a_refusal_without_a_retry_and_an_unknown_outcome_are_final() -> None:
    refused, unknown = published(), published()
    for p in (refused, unknown):
        p.begin_first_comment(now=AT, deadline=AT + LEASE)
    refused.first_comment_refused(FailureReason.REJECTED, now=AT, detail="too long")
    unknown.first_comment_unknown(now=AT, detail="504")
    for p, reason in ((refused, FailureReason.REJECTED), (unknown, FailureReason.UNKNOWN_OUTCOME)):
        assert p.comment_delivery is not None
        assert (p.comment_delivery.status, p.comment_delivery.reason) == (C.FAILED, reason)
        assert not p.first_comment_due(AT + timedelta(days=7))
        with pytest.raises(IllegalPublicationTransition):
            p.begin_first_comment(now=AT + timedelta(days=7), deadline=AT + timedelta(days=8))
        assert p.status is PublicationStatus.PUBLISHED


def test_an_attempt_left_posting_is_due_past_its_deadline_as_abandoned() -> None:
    p = published()
    p.begin_first_comment(now=AT, deadline=AT + LEASE)
    assert not p.first_comment_due(AT + LEASE - timedelta(seconds=1))
    assert p.first_comment_due(AT + LEASE)
    assert p.comment_delivery is not None
    assert p.comment_delivery.abandoned
    with pytest.raises(IllegalPublicationTransition):
        p.begin_first_comment(now=AT + LEASE, deadline=AT + 2 * LEASE)  # never sent twice


def test_outcomes_need_an_attempt_in_flight() -> None:
    p = published()
    with pytest.raises(IllegalPublicationTransition):
        p.first_comment_posted("c", now=AT)
    with pytest.raises(IllegalPublicationTransition):
        p.first_comment_unsupported(now=AT, detail="no comments")
    p.begin_first_comment(now=AT, deadline=AT + LEASE)
    with pytest.raises(IllegalPublicationTransition):
        p.first_comment_posted("", now=AT)  # a posted comment has the platform's id
    p.first_comment_unsupported(now=AT, detail="no comments")
    assert p.comment_delivery is not None
    assert p.comment_delivery.status is C.UNSUPPORTED
