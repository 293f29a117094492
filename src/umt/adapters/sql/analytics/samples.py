"""The SQL metric sink: new samples stored once by their key, and the rollups of the series
they touched recomputed in the same transaction.

PostgreSQL bulk-loads with ``copy_records_to_table`` (straight into the samples when the batch
is all new, else through a staging table and ``INSERT ... ON CONFLICT DO NOTHING``) and queues
the touched series; ``refresh_rollups`` rebuilds their buckets later, set-based (pg_ingest.py).
SQLite inserts in chunks with ``RETURNING`` and recomputes each touched series in Python at
once, in the write's transaction (sqlite_rollups.py): it has nothing to refresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Sized
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.analytics import pg_ingest
from umt.adapters.sql.analytics.sqlite_rollups import Series, refresh_series
from umt.adapters.sql.analytics.tables import metric_samples
from umt.adapters.sql.base import SqlRepository
from umt.ports.metric_sink import MetricSample, MetricSink, RollupWindow

_CHUNK = 500  # rows per statement: 11 parameters each stays far below SQLite's limit
_KEY = ("organization_id", "subject_id", "subject_kind", "metric", "observed_at", "source")
_c = metric_samples.c


def sample_row(sample: MetricSample) -> dict[str, Any]:
    return {
        "subject_id": sample.subject_id,
        "subject_kind": sample.subject_kind.value,
        "metric": sample.metric.value,
        "observed_at": sample.observed_at,
        "source": sample.source,
        "organization_id": sample.organization_id,
        "brand_id": sample.brand_id,
        "channel": sample.channel.value,
        "value": sample.value,
        "raw_name": sample.raw_name,
        "currency": sample.currency,
    }


class SqlMetricSink(SqlRepository, MetricSink):
    """The database decides what is new, also against concurrent writers of the same key; a
    repeat inside one batch counts once (the first one is stored)."""

    _used = False  # this block wrote before (on PostgreSQL: its savepoint is open)

    async def write(self, samples: Iterable[MetricSample], *, window: RollupWindow) -> int:
        if isinstance(samples, Sized) and not len(samples):
            return 0  # a sync with nothing new: no round trip
        if self._pg is not None:
            stored = await pg_ingest.write(self._pg.driver, samples, wrote_before=self._used)
            self._used = True
            return stored
        return await self._write_sqlite(samples, window)

    async def refresh_rollups(self, *, window: RollupWindow, limit: int) -> int:
        if self._pg is None:
            return 0  # SQLite rolled them up as it wrote
        return await pg_ingest.refresh(self._pg.driver, window=window, limit=limit)

    async def _write_sqlite(self, samples: Iterable[MetricSample], window: RollupWindow) -> int:
        unique: dict[tuple[Any, ...], MetricSample] = {}
        for sample in samples:
            unique.setdefault(sample.key, sample)
        rows = [sample_row(s) for s in unique.values()]
        touched: dict[tuple[UUID, UUID, str, str], tuple[UUID, datetime]] = {}
        stored = 0
        for start in range(0, len(rows), _CHUNK):
            statement = (
                sqlite_insert(metric_samples)
                .values(rows[start : start + _CHUNK])
                .on_conflict_do_nothing(index_elements=_KEY)
                .returning(
                    _c.organization_id,
                    _c.subject_id,
                    _c.subject_kind,
                    _c.metric,
                    _c.brand_id,
                    _c.observed_at,
                )
            )
            for row in (await self._execute(statement)).all():
                stored += 1
                series = (row.organization_id, row.subject_id, row.subject_kind, row.metric)
                earliest = touched.get(series)
                if earliest is None or row.observed_at < earliest[1]:
                    touched[series] = (row.brand_id, row.observed_at)
        if touched:
            await refresh_series(
                self._execute,
                [
                    Series(*key, brand_id=brand_id, since=since)
                    for key, (brand_id, since) in touched.items()
                ],
                window,
            )
        return stored
