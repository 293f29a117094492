"""The analytics context's tables: the metric samples (synced from the platforms or ingested)
and their daily rollups.

On PostgreSQL ``metric_samples`` is partitioned by month of ``observed_at`` (partitions named
``metric_samples_pYYYYMM``, made ahead by the maintenance loop, and a DEFAULT partition as the
safety net; see partitions.py): the migrations make the partitions, which the model does not
describe (``MIGRATION_ONLY_TABLES``).
"""

from __future__ import annotations

import re

from sqlalchemy import Column, Date, Index, PrimaryKeyConstraint, String, Table, Uuid

from umt.adapters.sql.columns import organization_id
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import ExactDecimal, UtcDateTime

# The partitions of metric_samples: tables of the database that tables.py does not declare.
MIGRATION_ONLY_TABLES = re.compile(r"^metric_samples_(default|p\d{6})$")

# Cumulative totals as reported, one row per reading. The primary key is the sample's key
# (organization, subject, metric, observation time, source): a reading written twice is
# stored once; it also serves the reads, per subject and metric in time order. PostgreSQL
# needs the partition key (observed_at) in it, and keeps a BRIN index on the time (small,
# and what the maintenance's time ranges need); SQLite a plain one.
metric_samples = Table(
    "metric_samples",
    metadata,
    Column("subject_id", Uuid, nullable=False),
    Column("subject_kind", String(30), nullable=False),
    Column("metric", String(40), nullable=False),
    Column("observed_at", UtcDateTime, nullable=False),
    Column("source", String(40), nullable=False),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("channel", String(30), nullable=False),
    Column("value", ExactDecimal, nullable=False),
    Column("raw_name", String(200), nullable=False),
    Column("currency", String(3), nullable=True),
    PrimaryKeyConstraint(
        "organization_id", "subject_id", "subject_kind", "metric", "observed_at", "source"
    ),
    Index(None, "observed_at", postgresql_using="brin"),
    postgresql_partition_by="RANGE (observed_at)",
)

# One bucket per (subject, metric, day in the brand's time zone): the day's change and the
# day's last total (domain/analytics/rollups.py). Replaced, never incremented, when samples
# of its series arrive. Dashboards read them by brand and days; on PostgreSQL the index
# carries what they sum, so they never visit the table.
metric_rollups = Table(
    "metric_rollups",
    metadata,
    organization_id(),
    Column("subject_id", Uuid, nullable=False),
    Column("subject_kind", String(30), nullable=False),
    Column("metric", String(40), nullable=False),
    Column("day", Date, nullable=False),
    Column("brand_id", Uuid, nullable=False),
    Column("channel", String(30), nullable=False),
    Column("value", ExactDecimal, nullable=False),
    Column("total", ExactDecimal, nullable=False),
    Column("currency", String(3), nullable=True),
    PrimaryKeyConstraint("organization_id", "subject_id", "subject_kind", "metric", "day"),
    Index(
        None,
        "organization_id",
        "brand_id",
        "day",
        "metric",
        postgresql_include=["channel", "currency", "value"],
    ),
)

# PostgreSQL: the series whose samples were stored since the rollup refresh last ran, one note
# per series and statement (its brand, and the time of its earliest new sample), appended by
# the samples' statement-level trigger (migration 0028) in the storing transaction and taken
# (deleted) by the refresh (pg_ingest.py). A heap with no key and no index: appending costs
# next to nothing, and the refresh reads it all. SQLite and memory roll up as they write.
metric_rollup_queue = Table(
    "metric_rollup_queue",
    metadata,
    organization_id(index=False),
    Column("subject_id", Uuid, nullable=False),
    Column("subject_kind", String(30), nullable=False),
    Column("metric", String(40), nullable=False),
    Column("brand_id", Uuid, nullable=False),
    Column("since", UtcDateTime, nullable=False),
)

# the scheduled reports' tables, in their own module (found by the schema through this one)
from umt.adapters.sql.analytics.report_tables import (  # noqa: E402
    report_deliveries as report_deliveries,
)
from umt.adapters.sql.analytics.report_tables import (  # noqa: E402
    report_schedules as report_schedules,
)
