"""The AdPerformanceReader port: what a campaign, ad set or ad did within a window.

Read from the synced metric samples (``metric_samples``, written through the ``MetricSink``):
the platforms report cumulative totals, so a window's figure is the latest total at its end
minus the latest total at its start (zero before the first sample).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from umt.domain.advertising.conditions import Performance
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind

# the metrics a Performance is made of
AD_METRICS = (
    Metric.SPEND,
    Metric.IMPRESSIONS,
    Metric.CLICKS,
    Metric.CONVERSIONS,
    Metric.CONVERSION_VALUE,
)


class AdPerformanceReader(Protocol):
    async def performance(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        *,
        start: datetime | None,
        end: datetime,
    ) -> Performance:
        """Spend, impressions, clicks, conversions and their value within (start, end];
        ``start`` None: since the beginning."""
        ...


def performance_from(
    samples: Iterable[tuple[Metric, datetime, Decimal]], *, start: datetime | None, end: datetime
) -> Performance:
    """A window's figures from (metric, observed at, cumulative total) samples: the latest
    total at or before ``end`` minus the latest at or before ``start`` (zero before any)."""
    at_end: dict[Metric, tuple[datetime, Decimal]] = {}
    at_start: dict[Metric, tuple[datetime, Decimal]] = {}
    for metric, observed_at, value in samples:
        for bound, latest in ((end, at_end), (start, at_start)):
            if bound is None or observed_at > bound:
                continue
            seen = latest.get(metric)
            if seen is None or observed_at > seen[0]:
                latest[metric] = (observed_at, value)

    def delta(metric: Metric) -> Decimal:
        before = at_start[metric][1] if metric in at_start else Decimal(0)
        after = at_end[metric][1] if metric in at_end else Decimal(0)
        return max(after - before, Decimal(0))  # a platform's correction never goes negative

    return Performance(
        spend=delta(Metric.SPEND),
        impressions=int(delta(Metric.IMPRESSIONS)),
        clicks=int(delta(Metric.CLICKS)),
        conversions=delta(Metric.CONVERSIONS),
        conversion_value=delta(Metric.CONVERSION_VALUE),
    )
