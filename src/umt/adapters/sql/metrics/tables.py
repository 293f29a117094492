"""The metrics context's tables: which umt subject a platform id stands for, and where each
channel account's sync stands (the samples it stores are the analytics context's:
``adapters/sql/analytics/tables.py``)."""

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
from umt.adapters.sql.types import UtcDateTime

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
