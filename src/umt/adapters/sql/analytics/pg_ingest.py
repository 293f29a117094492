"""PostgreSQL ingestion: the new samples loaded at the speed of a plain COPY, and the rollups
of the series they touched rebuilt afterwards, by the rollup refresh.

``write`` first tries the fast path: ``copy_records_to_table`` straight into the partitioned
samples, under a savepoint. A batch whose rows are all new (the common case: fresh readings)
pays little more than the bare COPY. If any row's key is stored already (a redelivered batch,
an overlapping sync) or repeats in the batch, the COPY fails on the primary key, the savepoint
is rolled back and the batch takes the idempotent path: a COPY into a staging table and one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING``. Either way a statement-level trigger of the
samples (migration 0028) notes each series the statement stored samples of, with its earliest
new sample, in ``metric_rollup_queue``, reading what the statement inserted (its transition
table: nothing a conflict skipped); the samples and their notes commit together or not at all.

``refresh`` (the ``rollup-refresh`` loop, one process at a time under an advisory lock) takes
the queued notes and, for each series, from the day of its earliest new sample (in its
brand's time zone, or the late-data window's first open day if that is later) on, deletes the
buckets and rebuilds them from the raw samples of those days, starting from the total of the
series' last bucket before them: recomputed, never incremented, so a note taken twice is
harmless. Why not in the write's transaction: the rollups' writes cost as much as the
samples' COPY (docs/analytics.md, "Why the rollups trail the load"), and a refresh that
follows several batches rebuilds each touched bucket once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships without type information

from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.types import DECIMAL_PLACES
from umt.ports.metric_sink import MetricSample, RollupWindow

STAGING = "umt_sample_staging"
TOUCHED = "umt_touched_series"
QUEUE = "metric_rollup_queue"
CHUNK = 50_000  # rows staged at a time: the staging table stays within the temp buffers
COLUMNS = MetricSample._fields  # the samples table's columns, in the order of its fields
QUEUE_COLUMNS = ("organization_id", "subject_id", "subject_kind", "metric", "brand_id", "since")
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
_SERIES = "organization_id, subject_id, subject_kind, metric"
_MATCH = (
    "{a}.organization_id = {b}.organization_id AND {a}.subject_id = {b}.subject_id "
    "AND {a}.subject_kind = {b}.subject_kind AND {a}.metric = {b}.metric"
)
_SAVEPOINT = "umt_sample_copy"
_OPEN_SAVEPOINT = f"SAVEPOINT {_SAVEPOINT}"
_RENEW_SAVEPOINT = f"RELEASE SAVEPOINT {_SAVEPOINT}; SAVEPOINT {_SAVEPOINT}"
# one refresh at a time, whichever process runs it: two would rebuild the same buckets
_REFRESH_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('umt:metric_rollups:refresh'))"

PREPARE_STAGING = f"""
CREATE TEMP TABLE IF NOT EXISTS {STAGING} (
    subject_id uuid NOT NULL,
    subject_kind varchar(30) NOT NULL,
    metric varchar(40) NOT NULL,
    observed_at timestamptz NOT NULL,
    source varchar(40) NOT NULL,
    organization_id uuid NOT NULL,
    brand_id uuid NOT NULL,
    channel varchar(30) NOT NULL,
    value numeric(24, 6) NOT NULL,
    raw_name varchar(200) NOT NULL,
    currency varchar(3)
) ON COMMIT DELETE ROWS;
SET LOCAL jit = off;
"""
PREPARE_TOUCHED = f"""
CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (
    organization_id uuid NOT NULL,
    subject_id uuid NOT NULL,
    subject_kind varchar(30) NOT NULL,
    metric varchar(40) NOT NULL,
    zone text NOT NULL,
    from_day date NOT NULL,
    PRIMARY KEY ({_SERIES})
) ON COMMIT DELETE ROWS;
TRUNCATE {TOUCHED};
SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';
"""
CLEAR_STAGING = f"TRUNCATE {STAGING}"

# The new rows (the database decides, also against concurrent writers; a key twice in the
# batch is stored once; the trigger queues their series). One statement per staged chunk.
INSERT = f"""
WITH new AS (
    INSERT INTO metric_samples ({", ".join(COLUMNS)})
    SELECT {", ".join(COLUMNS)} FROM {STAGING}
    ORDER BY organization_id, subject_id, subject_kind, metric, observed_at
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*) FROM new
"""  # noqa: S608  # constant names

# Up to $3 queued notes taken (deleted: a failed refresh rolls back and leaves them), and for
# each series they name, its brand's time zone and the first day to rebuild: the day of its
# earliest new sample, or the window's first open day ($1 now, $2 the window's days) if that
# is later.
CLAIM = f"""
WITH taken AS (
    DELETE FROM {QUEUE}
    WHERE ctid = ANY(ARRAY(SELECT ctid FROM {QUEUE} LIMIT $3))
    RETURNING {", ".join(QUEUE_COLUMNS)}
), earliest AS (
    SELECT {_SERIES}, (array_agg(brand_id))[1] AS brand_id, min(since) AS since
    FROM taken GROUP BY {_SERIES}
), noted AS (
    INSERT INTO {TOUCHED} ({_SERIES}, zone, from_day)
    SELECT e.organization_id, e.subject_id, e.subject_kind, e.metric, z.zone, greatest(
        (e.since AT TIME ZONE z.zone)::date, ($1::timestamptz AT TIME ZONE z.zone)::date - $2::int
    )
    FROM earliest e
    LEFT JOIN brands b ON b.id = e.brand_id
    CROSS JOIN LATERAL (SELECT coalesce(b.time_zone, 'UTC') AS zone) z
)
SELECT count(*) FROM taken
"""  # noqa: S608  # constant names

# The touched series' buckets from their first day on, rebuilt: deleted, then each day's
# last reading (on the series' primary key from the day's start, less the margin of
# rollups.DAY_START_MARGIN; the partitions before it pruned as the scan runs) minus the day
# before's, the first one's from the total of the series' last bucket before it. One round
# trip.
REFRESH = f"""
ANALYZE {TOUCHED};

DELETE FROM metric_rollups r USING {TOUCHED} t
WHERE {_MATCH.format(a="r", b="t")} AND r.day >= t.from_day;

INSERT INTO metric_rollups
    ({_SERIES}, day, brand_id, channel, value, total, currency)
SELECT t.organization_id, t.subject_id, t.subject_kind, t.metric, d.day, d.brand_id,
    d.channel,
    d.value - coalesce(lag(d.value) OVER w, (
        SELECT r.total FROM metric_rollups r
        WHERE {_MATCH.format(a="r", b="t")} AND r.day < t.from_day
        ORDER BY r.day DESC LIMIT 1
    ), 0),
    d.value, d.currency
FROM {TOUCHED} t
CROSS JOIN LATERAL (
    SELECT DISTINCT ON (day) s.brand_id, s.channel, s.value, s.currency,
        (s.observed_at AT TIME ZONE t.zone)::date AS day
    FROM metric_samples s
    WHERE {_MATCH.format(a="s", b="t")}
        AND s.observed_at >= (t.from_day::timestamp AT TIME ZONE t.zone) - interval '3 hours'
        AND (s.observed_at AT TIME ZONE t.zone)::date >= t.from_day
    ORDER BY day, s.observed_at DESC, s.source COLLATE "C" DESC
) d
WINDOW w AS (PARTITION BY t.organization_id, t.subject_id, t.subject_kind, t.metric
    ORDER BY d.day);
"""  # noqa: S608  # constant names


def record(sample: MetricSample) -> tuple[Any, ...]:
    """A sample as the samples' row (its fields are in the table's column order; the enums are
    strings already), the value rounded as the column keeps it."""
    # the rounding mode positional: a keyword argument costs as much again
    return (*sample[:8], sample.value.quantize(_QUANTUM, ROUND_HALF_EVEN), *sample[9:])


async def write(driver: Any, samples: Iterable[MetricSample], *, wrote_before: bool) -> int:
    """Store the new ``samples`` on ``driver`` (an asyncpg connection inside a transaction);
    how many were new (the samples' trigger queues their series for the rollup refresh).
    ``samples`` is read while the COPY streams, so the server stores the first rows while the
    caller checks the later ones. Should the COPY fail on a key, the batch is read again for
    the idempotent path, or, if ``samples`` is an iterator (read once), what the COPY read is
    kept for it as it streams.

    The savepoint the COPY runs under is left for the transaction's end to release (one round
    trip less); ``wrote_before``: this transaction wrote samples before, so it releases that
    write's savepoint first (in the same round trip: never more than one open) and its
    staging table may hold rows."""
    once = isinstance(samples, Iterator)
    # rounded already (the ingestion's checked rows): the samples' fields are the row, copied
    # into a plain tuple: asyncpg reads a named tuple's fields far slower than a tuple's
    # (measured on 9,600 rows: 5 ms more; the copies cost well under 1 ms)
    rows: Iterator[Sequence[Any]] = (
        map(tuple, samples) if getattr(samples, "values_rounded", False) else map(record, samples)
    )
    read: list[Sequence[Any]] = []
    if once:
        rows = _kept(rows, read)
    async with translate_errors("storing metric samples"):
        await driver.execute(_RENEW_SAVEPOINT if wrote_before else _OPEN_SAVEPOINT)
        try:
            status = await driver.copy_records_to_table(
                "metric_samples", records=rows, columns=COLUMNS
            )
        except asyncpg.UniqueViolationError:
            # a key stored already, or twice in the batch: the database picks the new ones
            await driver.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
            records: list[Sequence[Any]] = [*read, *rows] if once else [*map(record, samples)]
            return await _write_staged(driver, records, staged_before=wrote_before)
    return int(status.rpartition(" ")[2])  # "COPY <rows>"


def _kept(rows: Iterator[Sequence[Any]], read: list[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    keep = read.append
    for row in rows:
        keep(row)
        yield row


async def _write_staged(driver: Any, records: list[Sequence[Any]], *, staged_before: bool) -> int:
    stored = 0
    await driver.execute(PREPARE_STAGING + (CLEAR_STAGING if staged_before else ""))
    for start in range(0, len(records), CHUNK):
        if start:
            await driver.execute(CLEAR_STAGING)
        chunk = records[start : start + CHUNK]
        await driver.copy_records_to_table(STAGING, records=chunk, columns=COLUMNS)
        stored += await driver.fetchval(INSERT)
    return stored


async def refresh(driver: Any, *, window: RollupWindow, limit: int) -> int:
    """Rebuild the buckets of the series noted in the queue (up to ``limit`` notes), on
    ``driver`` inside a transaction; how many notes were taken (0 also when another process
    is refreshing: it will take them)."""
    async with translate_errors("refreshing metric rollups"):
        if not await driver.fetchval(_REFRESH_LOCK):
            return 0
        await driver.execute(PREPARE_TOUCHED)
        taken: int = await driver.fetchval(CLAIM, window.now, window.late_days, limit)
        if taken:
            await driver.execute(REFRESH)
    return taken
