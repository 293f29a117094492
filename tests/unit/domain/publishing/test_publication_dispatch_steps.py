"""The steps the dispatcher adds to a publication: a claim put back without calling (defer),
a claim a person's reconcile takes without a hand-over, and a missed one's hand-over
withdrawn."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.domain.publishing.publication_builders import NOW, publication

from umt.domain.publishing.attempts import AttemptOutcome
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication_errors import IllegalPublicationTransition, StaleFence
from umt.domain.publishing.publication_status import PublicationStatus

S = PublicationStatus
DUE = NOW + timedelta(hours=1)
LEASE = timedelta(minutes=5)


def test_a_deferred_claim_is_due_again_at_its_time_and_released() -> None:
    p = publication()
    fence = p.claim("w", until=DUE + LEASE, now=DUE)
    version = p.version

    p.defer(fence, until=DUE + timedelta(hours=2), now=DUE)

    assert (p.status, p.next_attempt_at) == (S.SCHEDULED, DUE + timedelta(hours=2))
    assert (p.lease_owner, p.lease_expires_at, p.attempts) == (None, None, ())
    assert p.version == version + 1


def test_a_deferred_reconciliation_stays_unknown() -> None:
    p = publication()
    fence = p.claim("w", until=DUE + LEASE, now=DUE)
    p.begin_attempt(fence, now=DUE)
    p.record_unknown(fence, now=DUE, reconcile_at=DUE)
    fence = p.claim("w", until=DUE + LEASE, now=DUE)

    p.defer(fence, until=DUE - timedelta(minutes=1), now=DUE)  # never earlier than now

    assert (p.status, p.next_attempt_at) == (S.OUTCOME_UNKNOWN, DUE)
    assert p.needs_reconciliation


def test_only_the_current_claim_defers() -> None:
    p = publication()
    fence = p.claim("w", until=DUE + LEASE, now=DUE)
    with pytest.raises(StaleFence):
        p.defer(fence - 1, until=DUE, now=DUE)
    p.begin_attempt(fence, now=DUE)
    with pytest.raises(IllegalPublicationTransition):
        p.defer(fence, until=DUE, now=DUE)  # an attempt in flight has an outcome to record


def test_a_claim_without_hand_over_records_no_due_event() -> None:
    p = publication()
    p.events.clear()
    fence = p.claim("person", until=DUE + LEASE, now=DUE, hand_over=False)
    assert (p.status, p.fence, fence) == (S.CLAIMED, 1, 1)
    assert p.events == []


def test_a_claim_found_missed_withdraws_its_hand_over() -> None:
    p = publication(grace=timedelta(minutes=10))
    p.events.clear()
    late = DUE + timedelta(hours=1)
    fence = p.claim("w", until=late + LEASE, now=late)
    p.mark_missed(now=late, fence=fence)
    assert [e.event_type for e in p.events] == ["publication.missed"]


def test_a_scheduled_one_whose_account_is_unusable_fails_now_with_the_typed_reason() -> None:
    p = publication()
    p.events.clear()

    p.fail_unsendable(FailureReason.ACCOUNT_UNAVAILABLE, now=NOW, detail="disconnected")

    assert p.status is S.FAILED
    assert [(a.outcome, a.reason, a.detail) for a in p.attempts] == [
        (AttemptOutcome.FAILED, FailureReason.ACCOUNT_UNAVAILABLE, "disconnected")
    ]
    assert p.failure == (FailureReason.ACCOUNT_UNAVAILABLE, None, "disconnected")
    assert [e.event_type for e in p.events] == ["publication.failed"]
    assert p.events[0].data["reason"] == "account_unavailable"
    p.retry(now=NOW)  # a person's retry, once the account works again
    assert p.status is S.SCHEDULED


def test_only_a_scheduled_one_fails_before_it_is_due() -> None:
    p = publication()
    p.claim("w", until=DUE + LEASE, now=DUE)

    with pytest.raises(IllegalPublicationTransition):
        p.fail_unsendable(FailureReason.ACCOUNT_UNAVAILABLE, now=DUE)

    assert (p.status, p.attempts) == (S.CLAIMED, ())
