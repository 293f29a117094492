"""The metrics context's tables: which umt subject a platform id stands for, and the metric
samples synced from the platforms (until the analytics context owns them)."""

from __future__ import annotations

from sqlalchemy import Column, Index, PrimaryKeyConstraint, String, Table, Uuid

from umt.adapters.sql.columns import organization_id
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import ExactDecimal, UtcDateTime

REMOTE_ID_LENGTH = 512  # Google Ads resource names and LinkedIn URNs are the longest

# One row per platform object umt created: (account, remote id) → subject. The primary key
# makes remembering idempotent; the index serves "what is this subject on the platforms".
remote_objects = Table(
    "remote_objects",
    metadata,
    Column("channel_account_id", Uuid, nullable=False),
    Column("remote_id", String(REMOTE_ID_LENGTH), nullable=False),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("subject_kind", String(30), nullable=False),
    Column("subject_id", Uuid, nullable=False),
    PrimaryKeyConstraint("channel_account_id", "remote_id"),
    Index(None, "organization_id", "subject_kind", "subject_id"),
)

# Cumulative totals as the platforms reported them, one row per reading. The primary key is
# the sample's key (subject, metric, observation time, source): a reading synced twice is
# stored once. It also serves the reads, which are per subject and metric in time order.
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
    PrimaryKeyConstraint("subject_id", "subject_kind", "metric", "observed_at", "source"),
    Index(None, "organization_id", "brand_id", "observed_at"),
)
