"""Rollups on SQLite: each touched series recomputed in Python (SQLite has no time zones and
keeps exact decimals as text), with the same rules as PostgreSQL's statements
(domain/analytics/rollups.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, Executable, delete, insert, select

from umt.adapters.sql.analytics.tables import metric_rollups, metric_samples
from umt.adapters.sql.brand.tables import brands
from umt.domain.analytics.rollups import (
    DAY_START_MARGIN,
    ZERO,
    Reading,
    daily_buckets,
    day_start,
    first_open_day,
)
from umt.ports.metric_sink import RollupWindow

Execute = Callable[[Executable], Awaitable[CursorResult[Any]]]
_CHUNK = 90  # buckets per statement: 10 parameters each, within SQLite's oldest limit
_s = metric_samples.c
_r = metric_rollups.c


@dataclass(frozen=True, slots=True)
class Series:
    """A series new samples were stored for, with its brand and earliest new observation."""

    organization_id: UUID
    subject_id: UUID
    subject_kind: str
    metric: str
    brand_id: UUID
    since: datetime


async def refresh_series(execute: Execute, touched: Sequence[Series], window: RollupWindow) -> None:
    zones = await _zones(execute, {s.brand_id for s in touched})
    for series in touched:
        zone = zones.get(series.brand_id, ZoneInfo("UTC"))
        since = max(
            series.since.astimezone(zone).date(), first_open_day(window.now, zone, window.late_days)
        )
        await _rebuild(execute, series, zone, since)


async def _zones(execute: Execute, brand_ids: set[UUID]) -> dict[UUID, ZoneInfo]:
    result = await execute(
        select(brands.c.id, brands.c.time_zone).where(brands.c.id.in_(sorted(brand_ids)))
    )
    return {row.id: ZoneInfo(row.time_zone) for row in result.all()}


def _of(table: Any, series: Series) -> list[Any]:
    return [
        table.c.organization_id == series.organization_id,
        table.c.subject_id == series.subject_id,
        table.c.subject_kind == series.subject_kind,
        table.c.metric == series.metric,
    ]


async def _rebuild(execute: Execute, series: Series, zone: ZoneInfo, since: Any) -> None:
    last = await execute(
        select(_r.total)
        .where(*_of(metric_rollups, series), _r.day < since)
        .order_by(_r.day.desc())
        .limit(1)
    )
    baseline: Decimal = last.scalar() or ZERO
    found = await execute(
        select(_s.observed_at, _s.source, _s.value, _s.channel, _s.currency, _s.brand_id).where(
            *_of(metric_samples, series),
            _s.observed_at >= day_start(since, zone) - DAY_START_MARGIN,
        )
    )
    readings = [
        Reading(
            observed_at=row.observed_at,
            source=row.source,
            value=row.value,
            channel=row.channel,
            currency=row.currency,
            brand_id=row.brand_id,
        )
        for row in found.all()
    ]
    await execute(delete(metric_rollups).where(*_of(metric_rollups, series), _r.day >= since))
    buckets = daily_buckets(readings, zone=zone, since=since, baseline=baseline)
    for start in range(0, len(buckets), _CHUNK):
        await execute(
            insert(metric_rollups).values(
                [
                    {
                        "organization_id": series.organization_id,
                        "subject_id": series.subject_id,
                        "subject_kind": series.subject_kind,
                        "metric": series.metric,
                        "day": bucket.day,
                        "brand_id": bucket.brand_id,
                        "channel": bucket.channel,
                        "value": bucket.value,
                        "total": bucket.total,
                        "currency": bucket.currency,
                    }
                    for bucket in buckets[start : start + _CHUNK]
                ]
            )
        )
