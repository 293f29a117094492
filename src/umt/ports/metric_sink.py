"""Where metric samples go: the platform syncs (the metrics context) and the analytics
context's ingestion write here. The analytics context owns the storage: the raw samples, and
the daily rollups the sink keeps current for every series a write touches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from umt.domain.brand.channels import Channel
from umt.domain.shared.metrics import Metric, SubjectKind

SampleKey = tuple[UUID, UUID, SubjectKind, Metric, datetime, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricSample:
    """One cumulative total as a platform reported it, on one of umt's subjects."""

    organization_id: UUID
    brand_id: UUID
    subject_kind: SubjectKind
    subject_id: UUID  # umt's id of the piece, publication, ad, ad set, campaign or account
    channel: Channel
    metric: Metric
    value: Decimal
    observed_at: datetime
    source: str  # the platform (``Platform`` value), or what an ingestion names ("csv", "api")
    raw_name: str
    currency: str | None = None

    @property
    def key(self) -> SampleKey:
        """What makes a sample unique: the same reading twice is stored once. The organization
        is part of it, so no tenant's samples can ever shadow another's."""
        return (
            self.organization_id,
            self.subject_id,
            self.subject_kind,
            self.metric,
            self.observed_at,
            self.source,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RollupWindow:
    """Which daily buckets a write may still change: those from ``late_days`` days before the
    day ``now`` falls on (in each brand's time zone). A sample observed on an older day is
    stored, and changes no bucket."""

    now: datetime
    late_days: int


class MetricSink(Protocol):
    async def write(self, samples: Sequence[MetricSample], *, window: RollupWindow) -> int:
        """Store the samples not already stored (by ``key``; a repeat inside the batch counts
        once) and recompute, replacing them, the daily buckets of every series the new ones
        touched, from the day of the earliest new sample (or the window's first open day, if
        later) on; how many samples were new. A batch stored before changes nothing. Runs in
        the caller's unit of work where the sink is transactional."""
        ...
