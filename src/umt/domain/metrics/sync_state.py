"""The SyncState aggregate: where the metric sync of one channel account stands.

One per channel account (its id is the account's). It keeps the platform's cursor, when the
last sync ran and succeeded, why the last one failed, and when the next is due: the regular
interval after a success; after a failure an exponential backoff (doubling from
``FIRST_BACKOFF`` up to ``MAX_BACKOFF``), and never before the time a rate-limited platform
named (``retry_not_before``). Failures are recorded, never raised: an expired token is a state
the brand is told about, not a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from umt.domain.integration.platforms import Platform
from umt.domain.metrics.events import MetricsSynced, MetricsSyncFailed, SyncFailure, SyncSucceeded
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId

FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)
MAX_CURSOR = 2000  # characters: platform cursors are short tokens or timestamps
MAX_ERROR_MESSAGE = 500


def backoff(failures: int) -> timedelta:
    """How long to wait after ``failures`` consecutive failures (1 → 1 min, 2 → 2 min, ...)."""
    if failures < 1:
        return timedelta(0)
    doubled: timedelta = FIRST_BACKOFF * (1 << min(failures - 1, 30))
    return min(doubled, MAX_BACKOFF)


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncCounts:
    """What one sync read and kept."""

    readings: int  # what the platform returned
    stored: int  # new samples (a reading already stored counts once, ever)
    skipped: int  # readings with no normalized metric, or for an object umt did not make


@dataclass(slots=True, kw_only=True)
class SyncState(AggregateRoot):
    id: ChannelAccountId
    organization_id: OrganizationId
    brand_id: BrandId
    platform: Platform
    cursor: str | None = None
    next_due_at: datetime
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error_reason: str | None = None
    last_error_message: str | None = None
    consecutive_failures: int = 0
    retry_not_before: datetime | None = None  # a rate-limited platform's retry time
    samples_stored: int = 0  # over every sync
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @classmethod
    def start(
        cls,
        *,
        account_id: ChannelAccountId,
        organization_id: OrganizationId,
        brand_id: BrandId,
        platform: Platform,
        now: datetime,
    ) -> SyncState:
        """A channel account's first state: no cursor, due at once."""
        return cls(
            id=account_id,
            organization_id=organization_id,
            brand_id=brand_id,
            platform=platform,
            next_due_at=now,
            created_at=now,
            updated_at=now,
        )

    @property
    def channel_account_id(self) -> ChannelAccountId:
        return self.id

    def blocked_until(self, now: datetime) -> datetime | None:
        """The rate-limit retry time, while it is still ahead of ``now``."""
        block = self.retry_not_before
        return block if block is not None and block > now else None

    def succeeded(
        self, *, cursor: str | None, counts: SyncCounts, now: datetime, interval: timedelta
    ) -> None:
        """A sync stored its samples: keep the platform's new cursor, clear the failure and
        schedule the next sync ``interval`` from now. Records ``metrics.synced`` when there
        was something new (an idle account's syncs are not events)."""
        if cursor is not None and len(cursor) > MAX_CURSOR:
            raise InvalidValue(f"a cursor is at most {MAX_CURSOR} characters", field="cursor")
        if min(counts.readings, counts.stored, counts.skipped) < 0:
            raise InvalidValue("sync counts are never negative", field="counts")
        self.cursor = cursor
        self.last_attempt_at = self.last_success_at = now
        self.last_error_reason = self.last_error_message = None
        self.consecutive_failures = 0
        self.retry_not_before = None
        self.samples_stored += counts.stored
        self.next_due_at = now + interval
        self._bump(now)
        if counts.stored:
            self._record(
                MetricsSynced,
                now,
                SyncSucceeded(
                    brand_id=self.brand_id,
                    platform=self.platform.value,
                    readings=counts.readings,
                    stored=counts.stored,
                    skipped=counts.skipped,
                ),
            )

    def failed(
        self,
        *,
        reason: str,
        message: str,
        now: datetime,
        retry_after: timedelta | None = None,
    ) -> None:
        """A sync failed: keep the cursor (the next sync resumes from it), count the failure
        and back off; a platform's retry time is respected. Records ``metrics.sync_failed``
        when the reason is new (the first failure, or a different one), not on every retry."""
        reason_changed = reason != self.last_error_reason
        self.consecutive_failures += 1
        self.last_attempt_at = now
        self.last_error_reason = reason
        self.last_error_message = message[:MAX_ERROR_MESSAGE]
        wait = backoff(self.consecutive_failures)
        if retry_after is not None and retry_after > timedelta(0):
            self.retry_not_before = now + retry_after
            wait = max(wait, retry_after)
        self.next_due_at = now + wait
        self._bump(now)
        if reason_changed:
            self._record(
                MetricsSyncFailed,
                now,
                SyncFailure(
                    brand_id=self.brand_id,
                    platform=self.platform.value,
                    reason=reason,
                    consecutive_failures=self.consecutive_failures,
                ),
            )

    def postpone(self, *, until: datetime, now: datetime) -> None:
        """Nothing to sync now (the account is switched off, its platform reports no metrics
        here, or it must wait for the platform): look again at ``until``."""
        if until < now:
            raise InvalidValue("a sync is postponed to a later time", field="until")
        self.next_due_at = until
        self._bump(now)
