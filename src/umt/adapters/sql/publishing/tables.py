"""The publishing calendar's tables: publications and, apart, their attempts.

The scheduler's two queries each have their index: due work by (status, next_attempt_at) and
expired leases by (status, lease_expires_at), first comments to post by (comment_status,
comment_next_at). The calendar reads by tenant and due time, per
brand, per account (caps, spacing) and per content piece (its status summary). A recurring
schedule makes at most one publication per account and due time (the unique constraint makes
its expansion idempotent; rows without a schedule are never equal under it).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    Uuid,
)

from umt.adapters.sql.columns import (
    URL_LENGTH,
    id_column,
    organization_id,
    timestamps,
    version_column,
)
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

publications = Table(
    "publications",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("project_id", Uuid, nullable=True),
    Column("content_id", Uuid, nullable=False),
    Column("content_version_id", Uuid, nullable=False),
    Column("channel_account_id", Uuid, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("local_time", DateTime(timezone=False), nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("grace_seconds", Integer, nullable=False),
    Column("missed_policy", String(20), nullable=False),
    Column("fence", Integer, nullable=False),
    Column("lease_owner", String(200), nullable=True),
    Column("lease_expires_at", UtcDateTime, nullable=True),
    Column("remote_id", String(200), nullable=True),
    Column("remote_url", String(URL_LENGTH), nullable=True),
    Column("published_at", UtcDateTime, nullable=True),
    Column("first_comment", Text, nullable=True),
    # how posting the first comment went (all NULL until it is published with one)
    Column("comment_status", String(20), nullable=True),
    Column("comment_attempts", Integer, nullable=True),
    Column("comment_next_at", UtcDateTime, nullable=True),
    Column("comment_id", String(200), nullable=True),
    Column("comment_reason", String(30), nullable=True),
    Column("comment_detail", Text, nullable=True),
    Column("comment_updated_at", UtcDateTime, nullable=True),
    Column("schedule_id", Uuid, nullable=True),
    Column("rendering", JsonDocument, nullable=False),
    version_column(),
    *timestamps(),
    UniqueConstraint("schedule_id", "channel_account_id", "due_at"),
    Index(None, "status", "next_attempt_at"),
    Index(None, "status", "lease_expires_at"),
    Index(None, "organization_id", "due_at"),
    Index(None, "organization_id", "brand_id", "due_at"),
    Index(None, "organization_id", "channel_account_id", "due_at"),
    Index(None, "organization_id", "content_id"),
    Index(None, "comment_status", "comment_next_at"),
)

publication_attempts = Table(
    "publication_attempts",
    metadata,
    Column(
        "publication_id",
        Uuid,
        ForeignKey("publications.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("number", Integer, primary_key=True),
    organization_id(),
    Column("fence", Integer, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("outcome", String(20), nullable=False),
    Column("reason", String(30), nullable=True),
    Column("rejection", String(20), nullable=True),
    Column("detail", Text, nullable=False),
    Column("remote_id", String(200), nullable=True),
)

# Recurring schedules: the rule, and how far ahead it was expanded into publications.
publication_schedules = Table(
    "publication_schedules",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("content_id", Uuid, nullable=False),
    Column("channel_account_ids", JsonDocument, nullable=False),
    Column("frequency", String(20), nullable=False),
    Column("weekdays", JsonDocument, nullable=False),
    Column("interval_days", Integer, nullable=True),
    Column("local_time", Time(timezone=False), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=True),
    Column("horizon_days", Integer, nullable=False),
    Column("expanded_until", Date, nullable=True),
    Column("next_expansion_on", Date, nullable=True),  # derived: when the expander is due
    Column("active", Boolean, nullable=False),
    Column("grace_seconds", Integer, nullable=True),
    Column("missed_policy", String(20), nullable=True),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "created_at"),
    Index(None, "active", "next_expansion_on"),
)

# slots held for pieces not approved yet (a calendar proposal's drafts); one per proposal slot
planned_publications = Table(
    "planned_publications",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("project_id", Uuid, nullable=True),
    Column("content_id", Uuid, nullable=False),
    Column("channel_account_id", Uuid, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("local_time", String(32), nullable=False),
    Column("proposal_id", Uuid, nullable=True),
    Column("slot", Integer, nullable=True),
    Column("status", String(20), nullable=False),
    Column("publication_id", Uuid, nullable=True),
    Column("reason", String(500), nullable=True),
    version_column(),
    *timestamps(),
    UniqueConstraint("proposal_id", "slot"),
    Index(None, "organization_id", "content_id"),
    Index(None, "organization_id", "brand_id", "due_at"),
    Index(None, "status", "due_at"),
)

# one evergreen rule per brand; its picks (the last year's, with their reasons) ride along as
# a document, read and written whole with the rule
evergreen_rules = Table(
    "evergreen_rules",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("channel_account_ids", JsonDocument, nullable=False),
    Column("measure", String(40), nullable=False),
    Column("lookback_days", Integer, nullable=False),
    Column("min_trials", Integer, nullable=False),
    Column("min_age_days", Integer, nullable=False),
    Column("cooldown_days", Integer, nullable=False),
    Column("max_per_week", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("picks", JsonDocument, nullable=False),
    Column("last_run_at", UtcDateTime, nullable=True),
    Column("next_run_at", UtcDateTime, nullable=False),
    version_column(),
    *timestamps(),
    UniqueConstraint("organization_id", "brand_id"),
    Index(None, "active", "next_run_at"),
)
