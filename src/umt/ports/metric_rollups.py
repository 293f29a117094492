"""The MetricRollupReader port: the daily buckets the metric sink keeps, summed for
dashboards, or one series' buckets as stored. Nothing here reads a raw sample."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol
from uuid import UUID

from umt.domain.brand.channels import Channel
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricRollup:
    """One series' bucket of one day (in the brand's time zone)."""

    organization_id: UUID
    brand_id: UUID
    subject_kind: SubjectKind
    subject_id: UUID
    metric: Metric
    day: date
    channel: Channel
    value: Decimal  # the day's change
    total: Decimal  # the last total reported that day
    currency: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RollupQuery:
    """A brand's buckets of some metrics over the days ``since`` to ``until`` (both
    included), optionally of some channels only."""

    organization_id: OrganizationId
    brand_id: BrandId
    since: date
    until: date
    metrics: frozenset[Metric]
    channels: frozenset[Channel] | None = None


class RollupSum(NamedTuple):
    """The day's change of one metric on one channel, summed over the brand's subjects (per
    currency: money in two currencies is never added up). A named tuple, not a dataclass: a
    dashboard reads thousands at a time, and a tuple is made for a fraction of the cost."""

    day: date
    channel: Channel
    metric: Metric
    currency: str | None
    value: Decimal


class MetricRollupReader(Protocol):
    async def daily_sums(self, query: RollupQuery) -> Sequence[RollupSum]:
        """The sums of the matching buckets per day, channel, metric and currency, ordered
        by those (a missing currency first); days without a bucket are absent."""
        ...

    async def series(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        *,
        metric: Metric | None = None,
    ) -> Sequence[MetricRollup]:
        """One subject's buckets, by metric then day."""
        ...
