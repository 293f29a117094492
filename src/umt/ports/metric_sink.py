"""Where metric samples go: the platform syncs (the metrics context) and the analytics
context's ingestion write here. The analytics context owns the storage: the raw samples, and
the daily rollups the sink keeps current for every series a write touches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple, Protocol
from uuid import UUID

from umt.domain.brand.channels import Channel
from umt.domain.shared.metrics import Metric, SubjectKind

SampleKey = tuple[UUID, UUID, SubjectKind, Metric, datetime, str]
# every store keeps a value to six places (NUMERIC(24, 6)), rounded half-even
VALUE_QUANTUM = Decimal("0.000001")


class MetricSample(NamedTuple):
    """One cumulative total as a platform reported it, on one of umt's subjects.

    A named tuple rather than a frozen dataclass: ingestion makes one per row, and a frozen
    dataclass costs about ten times as much to make (a batch of 10,000 rows: ~55 ms against
    ~6 ms). Made by keyword everywhere; the fields are in the samples table's column order.
    """

    subject_id: UUID  # umt's id of the piece, publication, ad, ad set, campaign or account
    subject_kind: SubjectKind
    metric: Metric
    observed_at: datetime
    source: str  # the platform (``Platform`` value), or what an ingestion names ("csv", "api")
    organization_id: UUID
    brand_id: UUID
    channel: Channel
    value: Decimal
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
    async def write(self, samples: Iterable[MetricSample], *, window: RollupWindow) -> int:
        """Store the samples not already stored (by ``key``; a repeat inside the batch counts
        once); how many were new. A batch stored before changes nothing. Runs in the caller's
        unit of work where the sink is transactional. ``samples`` is read possibly while the
        first ones are being stored: an exception it raises ends the write (and the caller's
        transaction rolls back). An iterator is read once; any other iterable may be read a
        second time (PostgreSQL does when a key is stored already), and must then give the
        same samples.

        Each value is stored rounded half-even to six places (``VALUE_QUANTUM``). A
        ``samples`` whose ``values_rounded`` attribute is true promises they are rounded
        already (the ingestion's checked rows round them as they check them): a sink may
        store them as they are.

        The daily buckets of every series the new samples touched are then recomputed,
        replacing them, from the day of the earliest new sample (or the window's first open
        day, if later) on: at once, in the same transaction, by the sinks that can afford it
        (memory, SQLite), or by the next ``refresh_rollups`` (PostgreSQL, where a bulk load
        must cost about what a plain COPY costs)."""
        ...

    async def refresh_rollups(self, *, window: RollupWindow, limit: int) -> int:
        """Recompute the buckets of the series written to since the last refresh (up to
        ``limit`` of the write's notes, the oldest window given by ``window``); how many notes
        were taken: 0 when nothing waits, when another process is refreshing, or for a sink
        that rolls up as it writes. Runs in the caller's unit of work; commit to keep it."""
        ...
