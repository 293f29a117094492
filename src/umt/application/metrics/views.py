"""What the library facade hands out about metric sync: frozen views, never the aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from umt.application.metrics.sync_account import SyncOutcome
from umt.application.metrics.sync_metrics import MetricSyncReport
from umt.domain.metrics.sync_state import SyncCounts, SyncState


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncStateView:
    """Where one channel account's metric sync stands (its cursor is opaque: only whether
    one is stored)."""

    channel_account_id: UUID
    brand_id: UUID
    platform: str
    cursor_stored: bool
    next_due_at: datetime
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error_reason: str | None
    last_error_message: str | None
    consecutive_failures: int
    retry_not_before: datetime | None
    samples_stored: int

    @classmethod
    def of(cls, state: SyncState) -> SyncStateView:
        return cls(
            channel_account_id=state.id,
            brand_id=state.brand_id,
            platform=state.platform.value,
            cursor_stored=state.cursor is not None,
            next_due_at=state.next_due_at,
            last_attempt_at=state.last_attempt_at,
            last_success_at=state.last_success_at,
            last_error_reason=state.last_error_reason,
            last_error_message=state.last_error_message,
            consecutive_failures=state.consecutive_failures,
            retry_not_before=state.retry_not_before,
            samples_stored=state.samples_stored,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncOutcomeView:
    state: SyncStateView
    counts: SyncCounts | None  # None: failed, waited, or another sync got in first

    @classmethod
    def of(cls, outcome: SyncOutcome) -> SyncOutcomeView:
        return cls(state=SyncStateView.of(outcome.state), counts=outcome.counts)


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncReportView:
    outcomes: tuple[SyncOutcomeView, ...]

    @classmethod
    def of(cls, report: MetricSyncReport) -> SyncReportView:
        return cls(outcomes=tuple(SyncOutcomeView.of(o) for o in report.outcomes))
