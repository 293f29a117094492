"""The scheduled reports' tables: the schedules (claimed by ``next_due_at`` under a lease)
and the deliveries made, one per (schedule, due time), with their file."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from umt.adapters.sql.columns import organization_id, timestamps, version_column
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

report_schedules = Table(
    "report_schedules",
    metadata,
    Column("id", Uuid, primary_key=True),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("range_days", Integer, nullable=False),
    Column("cadence", String(10), nullable=False),
    Column("weekday", Integer, nullable=True),
    Column("hour", Integer, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("recipients", JsonDocument, nullable=False),
    Column("webhook", Boolean, nullable=False),
    Column("file_format", String(10), nullable=False),
    Column("next_due_at", UtcDateTime, nullable=False, index=True),
    Column("claimed_until", UtcDateTime, nullable=True),
    Column("last_delivered_at", UtcDateTime, nullable=True),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "brand_id"),
)

# the unique (schedule, due time) is what makes a run delivered once, whoever raced for it
report_deliveries = Table(
    "report_deliveries",
    metadata,
    Column("id", Uuid, primary_key=True),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("schedule_id", Uuid, nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("since", Date, nullable=False),
    Column("until", Date, nullable=False),
    Column("file_format", String(10), nullable=False),
    Column("filename", String(200), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("recipients", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # the mail, at least once: pending until a sender that claimed it (the lease) marks it sent
    Column("mail_status", String(10), nullable=False),
    Column("mail_attempts", Integer, nullable=False),
    Column("mail_claimed_until", UtcDateTime, nullable=True),
    Column("mailed_at", UtcDateTime, nullable=True),
    UniqueConstraint("schedule_id", "due_at"),
    Index(None, "mail_status", "mail_claimed_until"),
)
