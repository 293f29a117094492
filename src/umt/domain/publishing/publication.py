"""The Publication aggregate: one content version going to one channel account at one time.

The calendar schedules, reschedules and cancels it; the scheduler claims it when it is due
(a lease and a fencing version); the publish engine records each attempt before calling the
platform and its outcome after. An unknown outcome is reconciled (the post looked up by our
reference) before another attempt: never a blind retry. ``publication_status`` draws the
lifecycle; every step a caller holding a superseded claim reports is refused (``StaleFence``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from umt.domain.brand.channels import Channel
from umt.domain.publishing import publication_events as ev
from umt.domain.publishing.attempts import AttemptOutcome
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.first_comment import OPEN as OPEN_COMMENT
from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication_comments import FirstCommentSteps
from umt.domain.publishing.publication_errors import (
    IllegalPublicationTransition,
    PublicationInvalid,
    PublicationNotReschedulable,
    ReconciliationRequired,
)
from umt.domain.publishing.publication_status import (
    CANCELLABLE,
    CLAIMABLE,
    LEASED,
    MAX_FIRST_COMMENT,
    MAX_GRACE,
    PAST_TOLERANCE,
    RESCHEDULABLE,
    MissedPolicy,
    PublicationStatus,
)
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.events import Changes, StatusChange
from umt.domain.shared.ids import (
    ProjectId,
    ScheduleId,
)

S = PublicationStatus
WITHDRAWN = "the post was taken down before its first comment was posted"


@dataclass(slots=True, kw_only=True)
class Publication(FirstCommentSteps):
    project_id: ProjectId | None = None
    kind: ChannelKind
    rendering: RenderedPost
    schedule_id: ScheduleId | None = None  # the recurring schedule it was expanded from
    missed_policy: MissedPolicy = MissedPolicy.SKIP

    def __post_init__(self) -> None:
        self.channel = Channel(self.channel)
        self.kind = ChannelKind(self.kind)
        self.status = PublicationStatus(self.status)
        self.missed_policy = MissedPolicy(self.missed_policy)
        self.attempts = tuple(self.attempts)
        if not timedelta(0) <= self.grace <= MAX_GRACE:
            raise PublicationInvalid("the grace window lies between 0 and 7 days", field="grace")
        if self.first_comment is not None and len(self.first_comment) > MAX_FIRST_COMMENT:
            raise PublicationInvalid("the first comment is too long", field="first_comment")

    @classmethod
    def schedule(cls, *, planned: PlannedTime, now: datetime, **fields: Any) -> Publication:
        """A new scheduled publication; ``fields`` are the dataclass's (id, ids, rendering...)."""
        _require_future(planned, now)
        publication = cls(
            due_at=planned.due_at,
            time_zone=planned.time_zone,
            local_time=planned.local_time,
            next_attempt_at=planned.due_at,
            created_at=now,
            updated_at=now,
            **fields,
        )
        publication._record(ev.PublicationScheduled, now, publication._plan())
        return publication

    # ------------------------------------------------------------------ the calendar

    def reschedule(
        self,
        planned: PlannedTime,
        *,
        now: datetime,
        rendering: RenderedPost | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Move it to another time (a missed or failed one is scheduled again)."""
        self._check_version(expected_version)
        if self.status not in RESCHEDULABLE:
            raise PublicationNotReschedulable(
                f"a {self.status.value} publication cannot be rescheduled", field="status"
            )
        _require_future(planned, now)
        before = self._timing()
        self.due_at, self.time_zone, self.local_time = (
            planned.due_at,
            planned.time_zone,
            planned.local_time,
        )
        self.next_attempt_at = planned.due_at
        self.status = S.SCHEDULED
        if rendering is not None:
            self.rendering = rendering
        after = self._timing()
        changed = sorted(k for k in after if before[k] != after[k])
        if not changed and rendering is None:
            return
        self._bump(now)
        self._record(
            ev.PublicationRescheduled,
            now,
            Changes(
                changed=changed,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            ),
        )

    def cancel(self, *, now: datetime, expected_version: int | None = None) -> None:
        """Take it off the calendar; a claim not yet acted on is revoked with it."""
        self._check_version(expected_version)
        if self.needs_reconciliation:
            raise ReconciliationRequired(
                "an attempt's outcome is unknown: the post may exist; reconcile first",
                field="status",
            )
        self._require(CANCELLABLE, "cancelled")
        before = self.status
        if before is S.CLAIMED:
            self.fence += 1  # the engine's claim is void
        self.status = S.CANCELLED
        self._release()
        self._bump(now)
        self._record(ev.PublicationCancelled, now, StatusChange(before.value, S.CANCELLED.value))

    def retry(self, *, now: datetime, expected_version: int | None = None) -> None:
        """A person asks again: a failed one is scheduled now; an unknown one is reconciled
        now (and only then, if it was not published, attempted again)."""
        self._check_version(expected_version)
        self._require(frozenset({S.FAILED, S.OUTCOME_UNKNOWN}), "retried")
        before = self.status
        self.status = S.SCHEDULED if before is S.FAILED else before
        self.next_attempt_at = now
        self._bump(now)
        if before is S.FAILED:
            self._record(
                ev.PublicationRescheduled,
                now,
                Changes(
                    changed=["status"],
                    before={"status": before.value},
                    after={"status": S.SCHEDULED.value},
                ),
            )

    @property
    def taken_down(self) -> bool:
        return self.status is S.TAKEN_DOWN

    def check_take_down(self, expected_version: int | None = None) -> None:
        """Raise unless its post can be taken down now: published, at ``expected_version``.
        Checked before the platform call; ``take_down`` records what the call did."""
        self._check_version(expected_version)
        self._require(frozenset({S.PUBLISHED}), "taken down")

    def take_down(self, *, now: datetime, expected_version: int | None = None) -> bool:
        """Record that its post was deleted on the platform (the caller deleted it first):
        ``taken_down``. False, and nothing changes, when it is taken down already."""
        if self.taken_down:
            return False
        self.check_take_down(expected_version)
        self.status = S.TAKEN_DOWN
        delivery = self.comment_delivery
        if delivery is not None and delivery.status in OPEN_COMMENT:  # the post is gone
            self.comment_delivery = delivery.withdrawn(now=now, detail=WITHDRAWN)
        self._bump(now)
        self._record(
            ev.PublicationTakenDown,
            now,
            ev.PublicationRemoval(
                **self._about(), remote_id=self.remote_id or "", taken_down_at=now.isoformat()
            ),
        )
        return True

    # ------------------------------------------------------------------ the scheduler

    def claim(self, owner: str, *, until: datetime, now: datetime, hand_over: bool = True) -> int:
        """Lease it to ``owner`` until ``until`` for publishing (or reconciling): the new
        fencing version, which every later step must present. Records ``publication.due``
        unless the claimer acts on it itself (``hand_over=False``: a person's reconcile)."""
        self._require(CLAIMABLE, "claimed")
        if self.next_attempt_at > now:
            raise IllegalPublicationTransition("the publication is not due yet", field="due_at")
        if until <= now or not owner:
            raise PublicationInvalid("a claim needs an owner and a lease in the future")
        self.fence += 1
        self.status = S.CLAIMED
        self.lease_owner, self.lease_expires_at = owner[:200], until
        self._bump(now)
        if not hand_over:
            return self.fence
        self._record(
            ev.PublicationDue,
            now,
            ev.PublicationHandover(
                brand_id=self.brand_id,
                channel_account_id=self.channel_account_id,
                fence=self.fence,
                lease_owner=self.lease_owner,
                lease_expires_at=until.isoformat(),
                due_at=self.due_at.isoformat(),
                next_attempt=len(self.attempts) + 1,
                reconcile=self.needs_reconciliation,
            ),
        )
        return self.fence

    def expire_lease(self, *, now: datetime) -> None:
        """The lease ran out with no answer: a claim never acted on is due again; an attempt
        in flight may have published, so its outcome becomes unknown (reconciled next)."""
        self._require(LEASED, "returned")
        if self.lease_expires_at is not None and self.lease_expires_at > now:
            raise IllegalPublicationTransition("the lease has not expired", field="lease")
        if self.status is S.PUBLISHING:
            self._finish(AttemptOutcome.UNKNOWN, now, detail="the lease expired during the call")
        self.fence += 1  # whatever the old holder still reports is refused
        self.status = S.OUTCOME_UNKNOWN if self.needs_reconciliation else S.SCHEDULED
        self._release()
        self._bump(now)

    def is_missed(self, now: datetime) -> bool:
        """Never attempted, past its grace window, and its policy is not to post late: what a
        claim finds missed instead of handing over (one that was attempted, or that a person
        retried, goes on until it is decided)."""
        return (
            self.missed_policy is MissedPolicy.SKIP and not self.attempts and self.past_grace(now)
        )

    def mark_missed(self, *, now: datetime, fence: int | None = None) -> None:
        """Past its grace window with the ``skip`` policy: missed, not posted late."""
        if fence is not None:
            self._check_fence(fence)
        self._require(frozenset({S.SCHEDULED} if fence is None else {S.CLAIMED}), "missed")
        if self.needs_reconciliation:
            raise ReconciliationRequired("an attempt's outcome is unknown; reconcile first")
        if self.missed_policy is not MissedPolicy.SKIP or not self.past_grace(now):
            raise IllegalPublicationTransition(
                "only a skip-policy publication past its grace window is missed", field="status"
            )
        self.status = S.MISSED
        # the hand-over of the claim that found it missed is not sent: nothing is due
        self.events = [e for e in self.events if not isinstance(e, ev.PublicationDue)]
        self._release()
        self._bump(now)
        self._record(
            ev.PublicationMissed,
            now,
            ev.PublicationMiss(
                **self._about(),
                due_at=self.due_at.isoformat(),
                grace_seconds=int(self.grace.total_seconds()),
            ),
        )

    def _plan(self) -> ev.PublicationPlan:
        return ev.PublicationPlan(
            brand_id=self.brand_id,
            content_id=self.content_id,
            content_version_id=self.content_version_id,
            channel_account_id=self.channel_account_id,
            channel=self.channel.value,
            due_at=self.due_at.isoformat(),
            time_zone=self.time_zone,
            local_time=self.local_time.isoformat(),
            schedule_id=self.schedule_id,
        )


def _require_future(planned: PlannedTime, now: datetime) -> None:
    if planned.due_at < now - PAST_TOLERANCE:
        raise PublicationInvalid(
            f"{planned.due_at.isoformat()} is in the past (now {now.isoformat()})", field="at"
        )
