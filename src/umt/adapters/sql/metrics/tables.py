"""The metrics context's tables: which umt subject a platform id stands for, the metric
samples synced from the platforms (until the analytics context owns them), and where each
channel account's sync stands."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)

from umt.adapters.sql.columns import organization_id, timestamps, version_column
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

# Where each channel account's sync stands (one row per account, its id the account's; no
# foreign key across contexts: a sync that finds its account gone removes the row). The
# scheduler claims due rows by ``next_due_at``.
metric_sync_states = Table(
    "metric_sync_states",
    metadata,
    Column("id", Uuid, primary_key=True),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("platform", String(40), nullable=False),
    Column("cursor", Text, nullable=True),
    Column("next_due_at", UtcDateTime, nullable=False, index=True),
    Column("last_attempt_at", UtcDateTime, nullable=True),
    Column("last_success_at", UtcDateTime, nullable=True),
    Column("last_error_reason", String(40), nullable=True),
    Column("last_error_message", String(500), nullable=True),
    Column("consecutive_failures", Integer, nullable=False),
    Column("retry_not_before", UtcDateTime, nullable=True),
    Column("samples_stored", BigInteger, nullable=False),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "brand_id"),
)
