"""The Publication state machine: the calendar's steps, the claim and its fence, attempts,
unknown outcomes and their reconciliation, leases that expire and the missed policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.unit.domain.publishing.publication_builders import NOW, publication

from umt.domain.integration.errors import Rejection
from umt.domain.publishing.attempts import AttemptOutcome
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_errors import (
    IllegalPublicationTransition,
    PublicationInvalid,
    PublicationNotReschedulable,
    ReconciliationRequired,
    StaleFence,
)
from umt.domain.publishing.publication_status import MissedPolicy, PublicationStatus
from umt.domain.shared.errors import StaleVersion

S = PublicationStatus
DUE = NOW + timedelta(hours=1)
LEASE = timedelta(minutes=5)


def wall(*parts: int) -> datetime:
    """A naive wall time (what a person plans in a zone)."""
    return datetime(*parts, tzinfo=UTC).replace(tzinfo=None)


def claimed(p: Publication | None = None) -> tuple[Publication, int]:
    p = p or publication()
    fence = p.claim("worker-1", until=DUE + LEASE, now=DUE)
    return p, fence


def test_scheduling_records_the_plan_in_utc_and_local_time() -> None:
    p = publication()
    assert p.status is S.SCHEDULED
    assert p.due_at == DUE
    assert p.time_zone == "Europe/Berlin"
    assert p.local_time.isoformat() == "2026-03-02T10:00:00"  # CET, UTC+1
    assert p.next_attempt_at == DUE
    [event] = p.events
    assert event.event_type == "publication.scheduled"
    assert event.data["due_at"] == DUE.isoformat()
    assert event.data["local_time"] == "2026-03-02T10:00:00"


def test_a_time_in_the_past_is_refused() -> None:
    with pytest.raises(PublicationInvalid, match="in the past"):
        publication(due_in=timedelta(minutes=-5))
    assert publication(due_in=timedelta(seconds=-30)).due_at < NOW  # within the tolerance


def test_a_grace_window_over_a_week_is_refused() -> None:
    with pytest.raises(PublicationInvalid, match="grace"):
        publication(grace=timedelta(days=8))


def test_reschedule_moves_the_time_and_records_before_and_after() -> None:
    p = publication()
    p.events.clear()
    later = PlannedTime.at_local(NOW.replace(tzinfo=None) + timedelta(days=1), "America/New_York")
    p.reschedule(later, now=NOW)
    assert p.due_at == later.due_at
    assert p.next_attempt_at == later.due_at
    assert p.version == 2
    [event] = p.events
    assert event.event_type == "publication.rescheduled"
    assert set(event.data["changed"]) == {"due_at", "local_time", "time_zone"}
    assert event.data["before"]["time_zone"] == "Europe/Berlin"


def test_reschedule_to_the_same_time_changes_nothing() -> None:
    p = publication()
    p.reschedule(PlannedTime.at_instant(p.due_at, p.time_zone), now=NOW)
    assert p.version == 1
    assert [e.event_type for e in p.events] == ["publication.scheduled"]


def test_reschedule_is_refused_once_publishing_or_published() -> None:
    p, fence = claimed()
    p.begin_attempt(fence, now=DUE)
    with pytest.raises(PublicationNotReschedulable):
        p.reschedule(PlannedTime.at_instant(DUE + timedelta(days=1)), now=DUE)
    p.record_success(fence, remote_id="urn:li:share:1", now=DUE)
    with pytest.raises(PublicationNotReschedulable):
        p.reschedule(PlannedTime.at_instant(DUE + timedelta(days=1)), now=DUE)


def test_reschedule_checks_the_expected_version() -> None:
    p = publication()
    with pytest.raises(StaleVersion):
        p.reschedule(PlannedTime.at_instant(DUE + timedelta(days=1)), now=NOW, expected_version=7)


def test_cancel_a_scheduled_one_and_nothing_after() -> None:
    p = publication()
    p.cancel(now=NOW)
    assert p.status is S.CANCELLED
    assert p.events[-1].event_type == "publication.cancelled"
    with pytest.raises(IllegalPublicationTransition):
        p.cancel(now=NOW)
    with pytest.raises(IllegalPublicationTransition):
        p.claim("w", until=DUE + LEASE, now=DUE)


def test_cancelling_a_claimed_one_voids_the_claim() -> None:
    p, fence = claimed()
    p.cancel(now=DUE)
    with pytest.raises(StaleFence):
        p.begin_attempt(fence, now=DUE)


def test_claim_is_refused_before_it_is_due() -> None:
    p = publication()
    with pytest.raises(IllegalPublicationTransition, match="not due"):
        p.claim("w", until=NOW + LEASE, now=NOW)


def test_claim_bumps_the_fence_and_records_the_hand_over() -> None:
    p, fence = claimed()
    assert fence == 1
    assert p.status is S.CLAIMED
    assert (p.lease_owner, p.lease_expires_at) == ("worker-1", DUE + LEASE)
    due = p.events[-1]
    assert due.event_type == "publication.due"
    assert due.data["fence"] == 1
    assert due.data["next_attempt"] == 1
    assert due.data["reconcile"] is False


def test_a_successful_attempt_publishes() -> None:
    p, fence = claimed()
    attempt = p.begin_attempt(fence, now=DUE)
    assert (attempt.number, attempt.fence, attempt.outcome) == (1, 1, AttemptOutcome.PENDING)
    assert p.status is S.PUBLISHING
    p.record_success(fence, remote_id="urn:li:share:9", remote_url="https://x/9", now=DUE)
    assert p.status is S.PUBLISHED
    assert (p.remote_id, p.remote_url, p.published_at) == ("urn:li:share:9", "https://x/9", DUE)
    assert p.lease_owner is None
    assert p.attempts[0].outcome is AttemptOutcome.SUCCEEDED
    published = p.events[-1]
    assert published.event_type == "publication.published"
    assert published.data["reconciled"] is False


def test_a_stale_fence_is_refused_everywhere() -> None:
    p, fence = claimed()
    with pytest.raises(StaleFence):
        p.begin_attempt(fence + 1, now=DUE)
    p.begin_attempt(fence, now=DUE)
    with pytest.raises(StaleFence):
        p.record_success(fence - 1, remote_id="1", now=DUE)


def test_begin_attempt_refused_after_the_lease_expired() -> None:
    p, fence = claimed()
    with pytest.raises(StaleFence, match="expired"):
        p.begin_attempt(fence, now=DUE + LEASE)


def test_a_retryable_failure_schedules_another_claim_without_an_event() -> None:
    p, fence = claimed()
    p.begin_attempt(fence, now=DUE)
    p.events.clear()
    retry_at = DUE + timedelta(minutes=2)
    p.record_failure(fence, FailureReason.RATE_LIMITED, now=DUE, retry_at=retry_at)
    assert p.status is S.SCHEDULED
    assert p.next_attempt_at == retry_at
    assert p.events == []
    assert p.failure == (FailureReason.RATE_LIMITED, None, "")
    fence2 = p.claim("worker-2", until=retry_at + LEASE, now=retry_at)
    assert fence2 == 2
    assert p.begin_attempt(fence2, now=retry_at).number == 2


def test_a_final_failure_is_typed_and_told() -> None:
    p, fence = claimed()
    p.begin_attempt(fence, now=DUE)
    p.record_failure(
        fence, FailureReason.REJECTED, rejection=Rejection.DUPLICATE, detail="dup", now=DUE
    )
    assert p.status is S.FAILED
    assert p.failure == (FailureReason.REJECTED, Rejection.DUPLICATE, "dup")
    failed = p.events[-1]
    assert failed.event_type == "publication.failed"
    assert (failed.data["reason"], failed.data["rejection"]) == ("rejected", "duplicate")


def test_unknown_outcome_is_not_a_failure_reason_to_record_as_failed() -> None:
    p, fence = claimed()
    p.begin_attempt(fence, now=DUE)
    with pytest.raises(PublicationInvalid):
        p.record_failure(fence, FailureReason.UNKNOWN_OUTCOME, now=DUE)


def test_an_unknown_outcome_must_be_reconciled_before_another_attempt() -> None:
    p, fence = claimed()
    p.begin_attempt(fence, now=DUE)
    later = DUE + timedelta(seconds=30)
    p.record_unknown(fence, now=DUE, reconcile_at=later, detail="504")
    assert p.status is S.OUTCOME_UNKNOWN
    assert p.needs_reconciliation
    with pytest.raises(ReconciliationRequired):
        p.cancel(now=DUE)
    fence2 = p.claim("worker-2", until=later + LEASE, now=later)
    assert p.events[-1].data["reconcile"] is True
    with pytest.raises(ReconciliationRequired):
        p.begin_attempt(fence2, now=later)
    p.reconcile_not_found(fence2, now=later)
    assert p.status is S.CLAIMED
    assert p.attempts[0].outcome is AttemptOutcome.NOT_FOUND
    assert p.begin_attempt(fence2, now=later).number == 2


def test_reconciliation_that_finds_the_post_publishes_it_once() -> None:
    p, fence = claimed()
    p.begin_attempt(fence, now=DUE)
    p.record_unknown(fence, now=DUE, reconcile_at=DUE)
    fence2 = p.claim("worker-2", until=DUE + LEASE, now=DUE)
    p.reconcile_found(fence2, remote_id="tweet-7", now=DUE)
    assert p.status is S.PUBLISHED
    assert p.remote_id == "tweet-7"
    assert len(p.attempts) == 1
    assert p.attempts[0].outcome is AttemptOutcome.FOUND
    assert p.events[-1].data["reconciled"] is True


def test_reconciliation_without_an_unknown_attempt_is_refused() -> None:
    p, fence = claimed()
    with pytest.raises(IllegalPublicationTransition, match="unknown"):
        p.reconcile_not_found(fence, now=DUE)


def test_an_expired_lease_on_an_untouched_claim_makes_it_due_again() -> None:
    p, fence = claimed()
    with pytest.raises(IllegalPublicationTransition, match="not expired"):
        p.expire_lease(now=DUE)
    p.expire_lease(now=DUE + LEASE)
    assert p.status is S.SCHEDULED
    assert p.lease_owner is None
    with pytest.raises(StaleFence):
        p.begin_attempt(fence, now=DUE + LEASE)


def test_an_expired_lease_during_a_call_makes_the_outcome_unknown() -> None:
    p, fence = claimed()
    p.begin_attempt(fence, now=DUE)
    p.expire_lease(now=DUE + LEASE)
    assert p.status is S.OUTCOME_UNKNOWN
    assert p.attempts[-1].outcome is AttemptOutcome.UNKNOWN
    with pytest.raises(StaleFence):  # the old holder's late answer is refused
        p.record_success(fence, remote_id="1", now=DUE + LEASE)


def test_missed_only_past_the_grace_window_with_the_skip_policy() -> None:
    p = publication(grace=timedelta(minutes=10))
    with pytest.raises(IllegalPublicationTransition):
        p.mark_missed(now=DUE + timedelta(minutes=10))
    p.mark_missed(now=DUE + timedelta(minutes=11))
    assert p.status is S.MISSED
    missed = p.events[-1]
    assert missed.event_type == "publication.missed"
    assert missed.data["grace_seconds"] == 600
    late = publication(missed_policy=MissedPolicy.PUBLISH_LATE)
    with pytest.raises(IllegalPublicationTransition):
        late.mark_missed(now=DUE + timedelta(days=1))


def test_a_claimed_one_is_missed_under_its_fence() -> None:
    p = publication(grace=timedelta(0))
    late = DUE + timedelta(hours=2)
    fence = p.claim("w", until=late + LEASE, now=late)
    with pytest.raises(StaleFence):
        p.mark_missed(now=late, fence=fence + 1)
    p.mark_missed(now=late, fence=fence)
    assert p.status is S.MISSED


def test_a_missed_or_failed_one_can_be_rescheduled() -> None:
    p = publication(grace=timedelta(0))
    p.mark_missed(now=DUE + timedelta(minutes=1))
    p.reschedule(PlannedTime.at_instant(DUE + timedelta(days=1)), now=DUE + timedelta(minutes=1))
    assert p.status is S.SCHEDULED
    assert "status" in p.events[-1].data["changed"]


def test_retry_of_a_failed_one_schedules_it_now() -> None:
    p, fence = claimed()
    p.begin_attempt(fence, now=DUE)
    p.record_failure(fence, FailureReason.TOKEN_EXPIRED, now=DUE)
    retry_time = DUE + timedelta(hours=3)
    p.retry(now=retry_time)
    assert (p.status, p.next_attempt_at) == (S.SCHEDULED, retry_time)
    with pytest.raises(IllegalPublicationTransition):
        publication().retry(now=NOW)


def test_local_times_skipped_by_dst_are_refused_and_repeated_ones_take_the_first() -> None:
    with pytest.raises(PublicationInvalid, match="does not exist"):
        PlannedTime.at_local(wall(2026, 3, 29, 2, 30), "Europe/Berlin")
    repeated = PlannedTime.at_local(wall(2026, 10, 25, 2, 30), "Europe/Berlin")
    assert repeated.due_at.isoformat() == "2026-10-25T00:30:00+00:00"  # still CEST (+2)
    summer = PlannedTime.at_local(wall(2026, 7, 1, 9, 0), "Europe/Berlin")
    winter = PlannedTime.at_local(wall(2026, 12, 1, 9, 0), "Europe/Berlin")
    assert (summer.due_at.hour, winter.due_at.hour) == (7, 8)
