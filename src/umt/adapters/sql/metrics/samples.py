"""SQL metric sink: one multi-row ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` per chunk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.metrics.tables import metric_samples
from umt.ports.metric_sink import MetricSample, MetricSink

_CHUNK = 500  # rows per statement: 11 parameters each stays far below every driver's limit
_KEY = ("subject_id", "subject_kind", "metric", "observed_at", "source")


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

    async def write(self, samples: Sequence[MetricSample]) -> int:
        unique: dict[tuple[Any, ...], dict[str, Any]] = {}
        for sample in samples:
            unique.setdefault(sample.key, sample_row(sample))
        rows = list(unique.values())
        insert: Any = pg_insert if self._dialect == "postgresql" else sqlite_insert
        stored = 0
        for start in range(0, len(rows), _CHUNK):
            statement = (
                insert(metric_samples)
                .values(rows[start : start + _CHUNK])
                .on_conflict_do_nothing(index_elements=_KEY)
                .returning(metric_samples.c.subject_id)
            )
            result = await self._execute(statement)
            stored += len(result.all())
        return stored
