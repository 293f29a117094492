"""Events of the metrics context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.domain.shared.events import EventFacts, TypedEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncSucceeded(EventFacts):
    """A sync of one channel account that stored new samples: how many readings the platform
    gave, how many were new, and how many were skipped (no mapping, or not umt's object)."""

    brand_id: UUID
    platform: str
    readings: int
    stored: int
    skipped: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncFailure(EventFacts):
    """A sync of one channel account failed for a new reason (``reason`` is the integration
    error reason: token_expired, rate_limited, platform_unavailable, ...)."""

    brand_id: UUID
    platform: str
    reason: str
    consecutive_failures: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricsSynced(TypedEvent[SyncSucceeded]):
    event_type: ClassVar[str] = "metrics.synced"
    aggregate_type: ClassVar[str] = "metric_sync"


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricsSyncFailed(TypedEvent[SyncFailure]):
    event_type: ClassVar[str] = "metrics.sync_failed"
    aggregate_type: ClassVar[str] = "metric_sync"
