"""The publish engine's steps on a claimed publication: an attempt recorded before the
platform call, its outcome after, and the reconciliation of an unknown outcome.

Every step presents the claim's fencing version; one from a superseded claim is refused
(``StaleFence``). A new attempt is refused while the last one's outcome is unknown
(``ReconciliationRequired``): the post is looked up by our reference first, never re-sent blind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from umt.domain.integration.errors import Rejection
from umt.domain.publishing import publication_events as ev
from umt.domain.publishing.attempts import AttemptOutcome, PublicationAttempt
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication_errors import (
    IllegalPublicationTransition,
    PublicationInvalid,
    ReconciliationRequired,
    StaleFence,
)
from umt.domain.publishing.publication_status import LEASED, PublicationStatus
from umt.domain.publishing.publication_timeline import Timeline

S = PublicationStatus
MAX_REMOTE_ID = 200


@dataclass(slots=True, kw_only=True)
class PublishSteps(Timeline):
    def begin_attempt(self, fence: int, *, now: datetime) -> PublicationAttempt:
        """Record an attempt (committed before the platform is called)."""
        self._check_fence(fence)
        self._require(frozenset({S.CLAIMED}), "attempted")
        if self.lease_expires_at is not None and self.lease_expires_at <= now:
            raise StaleFence("the lease expired; the claim is void", field="fence")
        if self.needs_reconciliation:
            raise ReconciliationRequired(
                "the last attempt's outcome is unknown: look the post up before another attempt"
            )
        attempt = PublicationAttempt(number=len(self.attempts) + 1, fence=fence, started_at=now)
        self.attempts = (*self.attempts, attempt)
        self.status = S.PUBLISHING
        self._bump(now)
        return attempt

    def record_success(
        self,
        fence: int,
        *,
        remote_id: str,
        now: datetime,
        remote_url: str | None = None,
        published_at: datetime | None = None,
    ) -> None:
        """The platform answered with its id: published."""
        self._in_flight(fence)
        self._finish(AttemptOutcome.SUCCEEDED, now, remote_id=remote_id)
        self._published(remote_id, remote_url, published_at or now, now, reconciled=False)

    def record_failure(
        self,
        fence: int,
        reason: FailureReason,
        *,
        now: datetime,
        rejection: Rejection | None = None,
        detail: str = "",
        retry_at: datetime | None = None,
    ) -> None:
        """The platform refused before any effect. With ``retry_at`` (a rate limit, an
        outage) it is attempted again then; without, it failed for good."""
        self._in_flight(fence)
        if FailureReason(reason) is FailureReason.UNKNOWN_OUTCOME:
            raise PublicationInvalid("an unknown outcome is recorded by record_unknown")
        self._finish(AttemptOutcome.FAILED, now, reason=reason, rejection=rejection, detail=detail)
        self._release()
        if retry_at is not None:
            self.status, self.next_attempt_at = S.SCHEDULED, max(retry_at, now)
            self._bump(now)
            return
        self.status = S.FAILED
        self._bump(now)
        self._record_failed(FailureReason(reason), rejection, detail, now)

    def fail_unsendable(self, reason: FailureReason, *, now: datetime, detail: str = "") -> None:
        """Nothing can be sent to its channel account any more (disabled when its integration
        was disconnected): a scheduled publication fails now, with the typed reason, recorded
        as an attempt refused before any call, rather than at its due time. A person's retry
        schedules it again."""
        self._require(frozenset({S.SCHEDULED}), "failed before it is due")
        if FailureReason(reason) is FailureReason.UNKNOWN_OUTCOME:
            raise PublicationInvalid("an unknown outcome is recorded by record_unknown")
        attempt = PublicationAttempt(
            number=len(self.attempts) + 1, fence=self.fence, started_at=now
        )
        self.attempts = (
            *self.attempts,
            attempt.finish(AttemptOutcome.FAILED, now, reason=reason, detail=detail),
        )
        self.status = S.FAILED
        self._bump(now)
        self._record_failed(FailureReason(reason), None, detail, now)

    def record_unknown(
        self, fence: int, *, now: datetime, reconcile_at: datetime, detail: str = ""
    ) -> None:
        """No answer we can trust (a timeout, a 5xx, a dropped connection): reconciled at
        ``reconcile_at`` by whichever scheduler claims it then."""
        self._in_flight(fence)
        self._finish(
            AttemptOutcome.UNKNOWN, now, reason=FailureReason.UNKNOWN_OUTCOME, detail=detail
        )
        self.status, self.next_attempt_at = S.OUTCOME_UNKNOWN, max(reconcile_at, now)
        self._release()
        self._bump(now)

    def reconcile_found(
        self,
        fence: int,
        *,
        remote_id: str,
        now: datetime,
        remote_url: str | None = None,
        published_at: datetime | None = None,
    ) -> None:
        """The platform holds the post carrying our reference: it was published."""
        self._reconciling(fence)
        self._finish(AttemptOutcome.FOUND, now, remote_id=remote_id)
        self._published(remote_id, remote_url, published_at or now, now, reconciled=True)

    def reconcile_not_found(self, fence: int, *, now: datetime) -> None:
        """The platform has no post with our reference: a new attempt is safe (same lease)."""
        self._reconciling(fence)
        self._finish(AttemptOutcome.NOT_FOUND, now)
        self.status = S.CLAIMED
        self._bump(now)

    def defer(self, fence: int, *, until: datetime, now: datetime) -> None:
        """Put a claim back without calling the platform (a local quota or spacing, an open
        breaker, a reconciliation that could not reach the platform): claimable again at
        ``until``, still to be reconciled first if an attempt's outcome is unknown."""
        self._check_fence(fence)
        self._require(frozenset({S.CLAIMED}), "deferred")
        self.status = S.OUTCOME_UNKNOWN if self.needs_reconciliation else S.SCHEDULED
        self.next_attempt_at = max(until, now)
        self._release()
        self._bump(now)

    # ------------------------------------------------------------------ internals

    def _record_failed(
        self, reason: FailureReason, rejection: Rejection | None, detail: str, now: datetime
    ) -> None:
        self._record(
            ev.PublicationFailed,
            now,
            ev.PublicationFailure(
                **self._about(),
                reason=reason.value,
                rejection=None if rejection is None else Rejection(rejection).value,
                detail=detail[:1000],
                attempts=len(self.attempts),
            ),
        )

    def _published(
        self,
        remote_id: str,
        remote_url: str | None,
        published_at: datetime,
        now: datetime,
        *,
        reconciled: bool,
    ) -> None:
        if not remote_id or len(remote_id) > MAX_REMOTE_ID:
            raise PublicationInvalid("a published post has the platform's id", field="remote_id")
        self.remote_id, self.remote_url, self.published_at = remote_id, remote_url, published_at
        self.status = S.PUBLISHED
        self._release()
        self._bump(now)
        self._after_published(now)
        self._record(
            ev.PublicationPublished,
            now,
            ev.PublicationOutcome(
                **self._about(),
                content_version_id=self.content_version_id,
                remote_id=remote_id,
                remote_url=remote_url,
                published_at=published_at.isoformat(),
                attempts=len(self.attempts),
                reconciled=reconciled,
            ),
        )

    def _after_published(self, now: datetime) -> None:
        """What becomes due once the post is live (the first comment: ``FirstCommentSteps``)."""

    def _in_flight(self, fence: int) -> None:
        self._check_fence(fence)
        self._require(frozenset({S.PUBLISHING}), "given an outcome")

    def _reconciling(self, fence: int) -> None:
        self._check_fence(fence)
        self._require(LEASED, "reconciled")
        if not self.needs_reconciliation:
            raise IllegalPublicationTransition("no attempt's outcome is unknown", field="status")
