"""The SQL metric sink: new samples stored once by their key, and the rollups of the series
they touched recomputed in the same transaction.

PostgreSQL bulk-loads: ``copy_records_to_table`` into a temporary staging table, then one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` that also notes the touched series, then the
rollups in three set-based statements (pg_ingest.py). SQLite inserts in chunks with
``RETURNING`` and recomputes each touched series in Python (sqlite_rollups.py).
"""

from __future__ import annotations

from collections.abc import Sequence
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

    _used = False  # this block wrote before: PostgreSQL's staging tables hold its rows

    async def write(self, samples: Sequence[MetricSample], *, window: RollupWindow) -> int:
        if not samples:
            return 0
        if self._pg is not None:
            stored = await pg_ingest.write(
                self._pg.driver, samples, window=window, clear=self._used
            )
            self._used = True
            return stored
        return await self._write_sqlite(samples, window)

    async def _write_sqlite(self, samples: Sequence[MetricSample], window: RollupWindow) -> int:
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
