"""In-memory metric sink, rollup reader and sample upkeep: the SQL adapters' semantics, staged
in the unit of work's transaction and applied on commit (the rollups of the touched series are
recomputed then, against the committed samples)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.adapters.memory.store import InMemoryRepository, InMemoryStore, Transaction
from umt.domain.analytics.rollups import (
    DAY_START_MARGIN,
    ZERO,
    Reading,
    daily_buckets,
    day_start,
    first_open_day,
)
from umt.domain.brand.channels import Channel
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.metric_rollups import MetricRollup, MetricRollupReader, RollupQuery, RollupSum
from umt.ports.metric_sink import MetricSample, MetricSink, RollupWindow
from umt.ports.sample_partitions import SamplePartitions

# the SQL adapters keep six decimal places (NUMERIC(24, 6)); so does memory
_QUANTUM = Decimal("0.000001")
SeriesKey = tuple[UUID, UUID, SubjectKind, Metric]


def series_of(sample: MetricSample) -> SeriesKey:
    return (sample.organization_id, sample.subject_id, sample.subject_kind, sample.metric)


class InMemoryMetricSink(InMemoryRepository, MetricSink):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._staged: set[tuple[object, ...]] = set()

    async def write(self, samples: Iterable[MetricSample], *, window: RollupWindow) -> int:
        fresh: list[MetricSample] = []
        for sample in samples:
            key = sample.key
            if key in self._store.metric_samples or key in self._staged:
                continue
            self._staged.add(key)
            value = sample.value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)
            fresh.append(sample._replace(value=value))

        def write() -> None:
            touched: dict[SeriesKey, tuple[UUID, datetime]] = {}
            for sample in fresh:
                if self._store.metric_samples.setdefault(sample.key, sample) is not sample:
                    continue  # another transaction stored it since
                series = series_of(sample)
                self._store.metric_series.setdefault(series, {})[sample.key] = sample
                earliest = touched.get(series)
                if earliest is None or sample.observed_at < earliest[1]:
                    touched[series] = (sample.brand_id, sample.observed_at)
            for series, (brand_id, since) in touched.items():
                _rebuild(self._store, series, brand_id, since, window)

        if fresh:
            self._tx.stage(write)
        return len(fresh)

    async def refresh_rollups(self, *, window: RollupWindow, limit: int) -> int:
        return 0  # the buckets were rebuilt as the samples were stored


def _zone(store: InMemoryStore, brand_id: UUID) -> ZoneInfo:
    brand = store.brands.get(brand_id)
    return ZoneInfo(brand.time_zone if brand is not None else "UTC")


def _rebuild(
    store: InMemoryStore, series: SeriesKey, brand_id: UUID, since: datetime, window: RollupWindow
) -> None:
    zone = _zone(store, brand_id)
    first = max(since.astimezone(zone).date(), first_open_day(window.now, zone, window.late_days))
    buckets = store.metric_rollups.setdefault(series, {})
    before = [day for day in buckets if day < first]
    baseline = buckets[max(before)].total if before else ZERO
    earliest = day_start(first, zone) - DAY_START_MARGIN
    readings = [
        Reading(
            observed_at=s.observed_at,
            source=s.source,
            value=s.value,
            channel=s.channel.value,
            currency=s.currency,
            brand_id=s.brand_id,
        )
        for s in store.metric_series.get(series, {}).values()
        if s.observed_at >= earliest
    ]
    for day in [day for day in buckets if day >= first]:
        del buckets[day]
    organization_id, subject_id, subject_kind, metric = series
    for bucket in daily_buckets(readings, zone=zone, since=first, baseline=baseline):
        buckets[bucket.day] = MetricRollup(
            organization_id=organization_id,
            brand_id=bucket.brand_id,
            subject_kind=subject_kind,
            subject_id=subject_id,
            metric=metric,
            day=bucket.day,
            channel=Channel(bucket.channel),
            value=bucket.value,
            total=bucket.total,
            currency=bucket.currency,
        )


class InMemoryMetricRollupReader(MetricRollupReader):
    """The same sums and series as the SQL reader, over the committed buckets."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def daily_sums(self, query: RollupQuery) -> Sequence[RollupSum]:
        sums: defaultdict[tuple[Any, ...], Decimal] = defaultdict(lambda: ZERO)
        for (organization_id, _, _, metric), buckets in self._store.metric_rollups.items():
            if organization_id != query.organization_id or metric not in query.metrics:
                continue
            for day, bucket in buckets.items():
                if (
                    query.since <= day <= query.until
                    and bucket.brand_id == query.brand_id
                    and (query.channels is None or bucket.channel in query.channels)
                ):
                    sums[(day, bucket.channel, metric, bucket.currency)] += bucket.value
        found = [
            RollupSum(day=day, channel=channel, metric=metric, currency=currency, value=value)
            for (day, channel, metric, currency), value in sums.items()
        ]
        return sorted(
            found, key=lambda s: (s.day, s.channel.value, s.metric.value, s.currency or "")
        )

    async def series(
        self,
        organization_id: OrganizationId,
        subject_kind: SubjectKind,
        subject_id: UUID,
        *,
        metric: Metric | None = None,
    ) -> Sequence[MetricRollup]:
        found = [
            bucket
            for (org, subject, kind, of_metric), buckets in self._store.metric_rollups.items()
            if (org, subject, kind) == (organization_id, subject_id, subject_kind)
            and (metric is None or of_metric == metric)
            for bucket in buckets.values()
        ]
        return sorted(found, key=lambda r: (r.metric.value, r.day))


class InMemorySamplePartitions(InMemoryRepository, SamplePartitions):
    """One store, no partitions: ``drop_before`` removes the whole months' samples."""

    async def prepare(self, *, now: datetime, months_ahead: int) -> list[str]:
        return []

    async def drop_before(self, cutoff: datetime) -> int:
        moment = cutoff.astimezone(ZoneInfo("UTC"))
        boundary = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

        def drop() -> None:
            _drop(self._store.metric_samples, boundary)
            for samples in self._store.metric_series.values():
                _drop(samples, boundary)

        self._tx.stage(drop)
        return 0


def _drop(samples: dict[Any, MetricSample], boundary: datetime) -> None:
    for key in [k for k, s in samples.items() if s.observed_at < boundary]:
        del samples[key]
