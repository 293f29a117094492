"""The upkeep of the metric samples' storage.

PostgreSQL: ``metric_samples`` is partitioned by month of ``observed_at`` (UTC months), one
partition ``metric_samples_pYYYYMM`` per month and a DEFAULT partition that catches a sample
of a month without one. ``prepare`` creates the coming months' partitions and gives each month
found in the DEFAULT partition its own (its rows moved over in the same transaction);
``drop_before`` drops the partitions of months past the retention, and those months' rows in
the DEFAULT partition. A transaction-scoped advisory lock keeps several processes' upkeep from
interleaving. SQLite has one table: ``drop_before`` deletes the same months' rows.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import delete, text

from umt.adapters.sql.analytics.tables import metric_samples
from umt.adapters.sql.base import SqlRepository
from umt.ports.sample_partitions import SamplePartitions

DEFAULT_PARTITION = "metric_samples_default"
_NAME = re.compile(r"^metric_samples_p(\d{4})(\d{2})$")
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('umt:metric_samples:partitions'))"
_PARTITIONS = text(
    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
    "WHERE i.inhparent = 'metric_samples'::regclass"
)
_DEFAULT_MONTHS = text(
    f"SELECT DISTINCT date_trunc('month', observed_at AT TIME ZONE 'UTC') AS month "  # noqa: S608  # constant name
    f"FROM {DEFAULT_PARTITION}"
)


def month_start(at: datetime) -> datetime:
    """The first instant of ``at``'s month, in UTC."""
    moment = at.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def add_months(month: datetime, count: int) -> datetime:
    index = month.year * 12 + month.month - 1 + count
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def partition_name(month: datetime) -> str:
    return f"metric_samples_p{month:%Y%m}"


def partition_month(name: str) -> datetime | None:
    found = _NAME.match(name)
    if found is None:
        return None
    return datetime(int(found.group(1)), int(found.group(2)), 1, tzinfo=UTC)


class SqlSamplePartitions(SqlRepository, SamplePartitions):
    async def prepare(self, *, now: datetime, months_ahead: int) -> list[str]:
        if self._dialect != "postgresql":
            return []
        await self._execute(text(_LOCK))
        existing = set((await self._execute(_PARTITIONS)).scalars())
        stray = {
            row.month.replace(tzinfo=UTC) for row in (await self._execute(_DEFAULT_MONTHS)).all()
        }
        first = month_start(now)
        months = {add_months(first, i) for i in range(months_ahead + 1)} | stray
        created = []
        for month in sorted(months):
            name = partition_name(month)
            if name in existing:
                continue
            await self._create(name, month, moving=month in stray)
            created.append(name)
        return created

    async def _create(self, name: str, month: datetime, *, moving: bool) -> None:
        bounds = f"FROM ('{month.isoformat()}') TO ('{add_months(month, 1).isoformat()}')"
        if not moving:
            await self._execute(
                text(f"CREATE TABLE {name} PARTITION OF metric_samples FOR VALUES {bounds}")
            )
            return
        # rows of this month wait in the DEFAULT partition: move them, then attach
        within = (
            f"observed_at >= '{month.isoformat()}' AND "
            f"observed_at < '{add_months(month, 1).isoformat()}'"
        )
        for statement in (
            f"CREATE TABLE {name} (LIKE metric_samples INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
            f"INSERT INTO {name} SELECT * FROM {DEFAULT_PARTITION} WHERE {within}",  # noqa: S608  # constant names, UTC instants
            f"DELETE FROM {DEFAULT_PARTITION} WHERE {within}",  # noqa: S608  # as above
            f"ALTER TABLE metric_samples ATTACH PARTITION {name} FOR VALUES {bounds}",
        ):
            await self._execute(text(statement))

    async def drop_before(self, cutoff: datetime) -> int:
        boundary = month_start(cutoff)
        if self._dialect != "postgresql":
            await self._execute(
                delete(metric_samples).where(metric_samples.c.observed_at < boundary)
            )
            return 0
        await self._execute(text(_LOCK))
        dropped = 0
        for name in sorted((await self._execute(_PARTITIONS)).scalars()):
            month = partition_month(name)
            if month is not None and add_months(month, 1) <= boundary:
                await self._execute(text(f"DROP TABLE {name}"))
                dropped += 1
        await self._execute(
            text(f"DELETE FROM {DEFAULT_PARTITION} WHERE observed_at < :boundary"),  # noqa: S608  # constant name
            {"boundary": boundary},
        )
        return dropped
