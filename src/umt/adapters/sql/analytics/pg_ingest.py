"""PostgreSQL ingestion: COPY into a staging table, one ``INSERT ... SELECT ... ON CONFLICT
DO NOTHING`` into the partitioned samples, then the rollups of the touched series.

Everything runs on the unit of work's asyncpg connection, inside its transaction, so a batch
is stored with its rollups or not at all. The two temporary tables live as long as the
connection (``ON COMMIT DELETE ROWS`` empties them at every commit); each is made with
``IF NOT EXISTS`` when a write begins, which also covers a connection that never had them.

The rollups are recomputed, never incremented: for each series the batch added samples to,
from the day of its earliest new sample (in its brand's time zone, or the late-data window's
first open day if that is later) on, the buckets are deleted and rebuilt from the raw samples
of those days, starting from the total of the series' last bucket before them: two
statements for the whole batch, in one round trip.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from umt.adapters.sql.engine import translate_errors
from umt.adapters.sql.types import DECIMAL_PLACES
from umt.ports.metric_sink import MetricSample, RollupWindow

STAGING = "umt_sample_staging"
TOUCHED = "umt_touched_series"
CHUNK = 50_000  # rows staged at a time: the staging table stays within the temp buffers
COLUMNS = (
    "subject_id",
    "subject_kind",
    "metric",
    "observed_at",
    "source",
    "organization_id",
    "brand_id",
    "channel",
    "value",
    "raw_name",
    "currency",
)
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
_SERIES = "organization_id, subject_id, subject_kind, metric"
_MATCH = (
    "{a}.organization_id = {b}.organization_id AND {a}.subject_id = {b}.subject_id "
    "AND {a}.subject_kind = {b}.subject_kind AND {a}.metric = {b}.metric"
)

PREPARE = f"""
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
CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (
    organization_id uuid NOT NULL,
    subject_id uuid NOT NULL,
    subject_kind varchar(30) NOT NULL,
    metric varchar(40) NOT NULL,
    zone text NOT NULL,
    from_day date NOT NULL,
    PRIMARY KEY ({_SERIES})
) ON COMMIT DELETE ROWS;
SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';
"""
CLEAR_STAGING = f"TRUNCATE {STAGING}"
CLEAR_ALL = f"TRUNCATE {STAGING}, {TOUCHED}"

# The new rows (the database decides, also against concurrent writers; a key twice in the
# batch is stored once), and for each series they belong to, its brand's time zone and the
# first day to rebuild: the day of its earliest new sample, or the window's first open day
# ($1 now, $2 the window's days) if that is later. One statement per staged chunk.
INSERT = f"""
WITH new AS (
    INSERT INTO metric_samples ({", ".join(COLUMNS)})
    SELECT {", ".join(COLUMNS)} FROM {STAGING}
    ORDER BY organization_id, subject_id, subject_kind, metric, observed_at
    ON CONFLICT DO NOTHING
    RETURNING {_SERIES}, brand_id, observed_at
), earliest AS (
    SELECT {_SERIES}, (array_agg(brand_id))[1] AS brand_id, min(observed_at) AS since
    FROM new GROUP BY {_SERIES}
), noted AS (
    INSERT INTO {TOUCHED} ({_SERIES}, zone, from_day)
    SELECT e.organization_id, e.subject_id, e.subject_kind, e.metric, z.zone, greatest(
        (e.since AT TIME ZONE z.zone)::date, ($1::timestamptz AT TIME ZONE z.zone)::date - $2::int
    )
    FROM earliest e
    LEFT JOIN brands b ON b.id = e.brand_id
    CROSS JOIN LATERAL (SELECT coalesce(b.time_zone, 'UTC') AS zone) z
    ON CONFLICT ({_SERIES}) DO UPDATE SET from_day = least({TOUCHED}.from_day, excluded.from_day)
)
SELECT count(*) FROM new
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
    """A sample as the staging table's row (values rounded as the column keeps them)."""
    return (
        sample.subject_id,
        sample.subject_kind.value,
        sample.metric.value,
        sample.observed_at,
        sample.source,
        sample.organization_id,
        sample.brand_id,
        sample.channel.value,
        sample.value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN),
        sample.raw_name,
        sample.currency,
    )


async def write(
    driver: Any, samples: Sequence[MetricSample], *, window: RollupWindow, clear: bool
) -> int:
    """Stage, insert and roll up ``samples`` on ``driver`` (an asyncpg connection inside a
    transaction); ``clear``: this transaction staged rows before. How many were new."""
    stored = 0
    async with translate_errors("storing metric samples"):
        await driver.execute(PREPARE + (CLEAR_ALL if clear else ""))
        for start in range(0, len(samples), CHUNK):
            if start:
                await driver.execute(CLEAR_STAGING)
            chunk = [record(s) for s in samples[start : start + CHUNK]]
            await driver.copy_records_to_table(STAGING, records=chunk, columns=COLUMNS)
            stored += await driver.fetchval(INSERT, window.now, window.late_days)
        if stored:
            await driver.execute(REFRESH)
    return stored
