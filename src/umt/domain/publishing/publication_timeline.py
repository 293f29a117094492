"""The state a publication's lifecycle moves (who it is, its time, status, attempts, lease and
result) and the helpers its steps share.

The base of ``PublishSteps`` (the engine's steps) and of ``Publication`` (the calendar's and
the scheduler's), apart so each module holds one side of the lifecycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict
from uuid import UUID

from umt.domain.brand.channels import Channel
from umt.domain.integration.errors import Rejection
from umt.domain.publishing.attempts import AttemptOutcome, PublicationAttempt
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication_errors import (
    IllegalPublicationTransition,
    StaleFence,
)
from umt.domain.publishing.publication_status import DEFAULT_GRACE, PublicationStatus
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentId,
    ContentVersionId,
    OrganizationId,
    PublicationId,
)


class About(TypedDict):
    """What every outcome event names: whose, what, where."""

    brand_id: UUID
    content_id: UUID
    channel_account_id: UUID
    channel: str


@dataclass(slots=True, kw_only=True)
class Timeline(AggregateRoot):
    id: PublicationId
    organization_id: OrganizationId
    brand_id: BrandId
    content_id: ContentId
    content_version_id: ContentVersionId
    channel_account_id: ChannelAccountId
    channel: Channel
    due_at: datetime  # UTC: when it was planned to go out
    time_zone: str  # the IANA zone it was planned in
    local_time: datetime  # naive: the wall time planned in ``time_zone``
    grace: timedelta = DEFAULT_GRACE
    # when the scheduler may claim it next: the due time, a retry's time, a reconciliation's
    next_attempt_at: datetime
    status: PublicationStatus = PublicationStatus.SCHEDULED
    attempts: tuple[PublicationAttempt, ...] = ()
    fence: int = 0  # bumped by every claim (and an expired lease): a stale holder is refused
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    remote_id: str | None = None
    remote_url: str | None = None
    published_at: datetime | None = None
    version: int = 1
    created_at: datetime
    updated_at: datetime

    # ------------------------------------------------------------------ reading

    @property
    def needs_reconciliation(self) -> bool:
        """The last attempt may have published a post we have not recorded."""
        return bool(self.attempts) and self.attempts[-1].outcome.unresolved

    def past_grace(self, now: datetime) -> bool:
        """Later than the due time plus the grace window."""
        return now > self.due_at + self.grace

    @property
    def last_attempt(self) -> PublicationAttempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def failure(self) -> tuple[FailureReason, Rejection | None, str] | None:
        """The typed reason of the last attempt when it failed or its outcome is unknown."""
        last = self.last_attempt
        if last is None or last.reason is None:
            return None
        if last.outcome not in (AttemptOutcome.FAILED, AttemptOutcome.UNKNOWN):
            return None
        return last.reason, last.rejection, last.detail

    # ------------------------------------------------------------------ internals

    def _finish(
        self,
        outcome: AttemptOutcome,
        now: datetime,
        *,
        reason: FailureReason | None = None,
        rejection: Rejection | None = None,
        detail: str = "",
        remote_id: str | None = None,
    ) -> None:
        """The last attempt with its outcome."""
        last = self.attempts[-1]
        finished = last.finish(
            outcome, now, reason=reason, rejection=rejection, detail=detail, remote_id=remote_id
        )
        self.attempts = (*self.attempts[:-1], finished)

    def _release(self) -> None:
        self.lease_owner = None
        self.lease_expires_at = None

    def _about(self) -> About:
        return {
            "brand_id": self.brand_id,
            "content_id": self.content_id,
            "channel_account_id": self.channel_account_id,
            "channel": self.channel.value,
        }

    def _timing(self) -> dict[str, str]:
        return {
            "due_at": self.due_at.isoformat(),
            "time_zone": self.time_zone,
            "local_time": self.local_time.isoformat(),
            "status": self.status.value,
        }

    def _check_fence(self, fence: int) -> None:
        if fence != self.fence:
            raise StaleFence(
                f"the claim with fence {fence} was superseded (now {self.fence})", field="fence"
            )

    def _require(self, allowed: frozenset[PublicationStatus], what: str) -> None:
        if self.status not in allowed:
            raise IllegalPublicationTransition(
                f"a {self.status.value} publication cannot be {what};"
                f" only a {' or '.join(sorted(s.value for s in allowed))} one",
                field="status",
            )

    def _check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise StaleVersion(
                f"publication is at version {self.version},"
                f" the change was made against version {expected}"
            )
