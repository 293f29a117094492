"""The insights' tables: the insights detected (unique per brand and key, so a racing second
detector stores nothing) and the brands' threshold alert rules."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Index, Integer, String, Table, UniqueConstraint, Uuid

from umt.adapters.sql.columns import id_column, organization_id, timestamps, version_column
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import ExactDecimal, JsonDocument, UtcDateTime

insights = Table(
    "insights",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("key", String(300), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("series", String(250), nullable=False),
    Column("day", Date, nullable=False),
    Column("measure", String(40), nullable=False),
    Column("channel", String(30), nullable=True),
    Column("subject_kind", String(30), nullable=True),
    Column("subject_id", Uuid, nullable=True),
    Column("direction", String(10), nullable=False),
    Column("headline", String(500), nullable=False),
    Column("statistics", JsonDocument, nullable=False),
    Column("evidence", JsonDocument, nullable=False),
    Column("rule_id", Uuid, nullable=True),
    Column("status", String(20), nullable=False),
    Column("status_by", Uuid, nullable=True),
    Column("detected_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    version_column(),
    UniqueConstraint("organization_id", "brand_id", "key", name="uq_insights_key"),
    Index(None, "organization_id", "brand_id", "detected_at"),
    Index(None, "organization_id", "brand_id", "series", "day"),
)

alert_rules = Table(
    "alert_rules",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("name", String(200), nullable=False),
    Column("measure", String(40), nullable=False),
    Column("channel", String(30), nullable=True),
    Column("subject_kind", String(30), nullable=True),
    Column("subject_id", Uuid, nullable=True),
    Column("comparison", String(5), nullable=False),
    Column("threshold", ExactDecimal, nullable=False),
    Column("window_days", Integer, nullable=False),
    Column("enabled", Boolean, nullable=False),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "brand_id", "created_at"),
)
