"""Daily series read from a brand's rollup sums, the form the detectors judge.

A series is one count metric of the whole brand (every channel) or of one channel. Its first
day is the first day it has a bucket in the range read: before it the series is unknown (the
brand had no data yet), after it a day without a bucket is 0 (nothing changed that day).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from umt.domain.analytics.insights.insight import EvidenceRow, Scope
from umt.domain.shared.metrics import MONEY_METRICS
from umt.ports.metric_rollups import RollupSum

ZERO = Decimal(0)


@dataclass(slots=True)
class DailySeries:
    metric: str
    scope: Scope
    values: dict[date, Decimal] = field(default_factory=dict)

    @property
    def start(self) -> date | None:
        return min(self.values, default=None)

    def known(self, day: date) -> bool:
        start = self.start
        return start is not None and day >= start

    def at(self, day: date) -> Decimal:
        return self.values.get(day, ZERO)

    def rows(self, days: Iterable[date], role: str) -> list[EvidenceRow]:
        return [
            EvidenceRow(
                day=day, metric=self.metric, value=self.at(day), channel=self.scope.channel,
                role=role,
            )
            for day in days
        ]  # fmt: skip


def brand_series(sums: Sequence[RollupSum]) -> list[DailySeries]:
    """Every count metric's series, for the brand then per channel (money metrics left out:
    their currencies do not add up)."""
    found: dict[tuple[str, str | None], DailySeries] = {}
    for item in sums:
        if item.metric in MONEY_METRICS:
            continue
        for channel in (None, item.channel.value):
            key = (item.metric.value, channel)
            series = found.get(key)
            if series is None:
                series = found[key] = DailySeries(item.metric.value, Scope(channel=channel))
            series.values[item.day] = series.values.get(item.day, ZERO) + item.value
    return [found[key] for key in sorted(found, key=lambda k: (k[0], k[1] or ""))]
