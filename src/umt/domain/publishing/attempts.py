"""One try at publishing a publication, as recorded before and after the platform call.

The attempt row is committed *before* the platform is called (outcome ``pending``), carrying
the claim's fencing version; the call's answer then records ``succeeded``, ``failed`` (the
platform refused before any effect) or ``unknown`` (a timeout, a 5xx, a dropped connection:
the post may exist). An unknown attempt is resolved by reconciliation, looking the post up by
our reference: ``found`` (it was published) or ``not_found`` (it was not: a new attempt is safe).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from umt.domain.integration.errors import Rejection
from umt.domain.publishing.failures import FailureReason

MAX_DETAIL = 1000


class AttemptOutcome(StrEnum):
    PENDING = "pending"  # committed before the call; the call's answer is not recorded yet
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # refused before any effect: nothing was published
    UNKNOWN = "unknown"  # it may have been published: reconcile before anything else
    FOUND = "found"  # reconciled: the platform holds the post
    NOT_FOUND = "not_found"  # reconciled: the platform has no such post

    @property
    def unresolved(self) -> bool:
        """The platform may hold a post this attempt made that we have not recorded."""
        return self in (AttemptOutcome.PENDING, AttemptOutcome.UNKNOWN)


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicationAttempt:
    number: int  # 1, 2, ... per publication
    fence: int  # the claim's fencing version it ran under
    started_at: datetime
    finished_at: datetime | None = None
    outcome: AttemptOutcome = AttemptOutcome.PENDING
    reason: FailureReason | None = None
    rejection: Rejection | None = None
    detail: str = ""  # the platform's message, for people (never a token)
    remote_id: str | None = None

    def finish(
        self,
        outcome: AttemptOutcome,
        now: datetime,
        *,
        reason: FailureReason | None = None,
        rejection: Rejection | None = None,
        detail: str = "",
        remote_id: str | None = None,
    ) -> PublicationAttempt:
        """This attempt with its outcome recorded ``now``."""
        return replace(
            self,
            outcome=outcome,
            finished_at=now,
            reason=reason,
            rejection=rejection,
            detail=detail[:MAX_DETAIL],
            remote_id=remote_id if remote_id is not None else self.remote_id,
        )
