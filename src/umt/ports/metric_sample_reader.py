"""The MetricSampleReader port: a subject's stored samples, its latest totals and its series."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.metric_sink import MetricSample


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleQuery:
    """One subject's samples, optionally of one metric and within ``[since, until)``."""

    organization_id: OrganizationId
    subject_kind: SubjectKind
    subject_id: UUID
    metric: Metric | None = None
    since: datetime | None = None
    until: datetime | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand


@dataclass(frozen=True, slots=True, kw_only=True)
class SamplePosition:
    """Where a page of the series ends: the key of its last sample, in series order."""

    observed_at: datetime
    metric: Metric
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleSeries:
    samples: Sequence[MetricSample]
    next: SamplePosition | None  # None: this was the last page


class MetricSampleReader(Protocol):
    async def latest(self, query: SampleQuery) -> Sequence[MetricSample]:
        """Per metric (and source), the sample observed last within the query's window: a
        subject's latest totals. Ordered by metric, then source."""
        ...

    async def series(
        self, query: SampleQuery, *, after: SamplePosition | None, limit: int
    ) -> SampleSeries:
        """The samples in the order (observed_at, metric, source), from just after
        ``after``, at most ``limit`` of them."""
        ...
