"""The strategy context's tables: the brands' recommendations (what a generation run advised,
as one JSON document, beside the columns a listing filters on) and calendar proposals (their
slots, skipped candidates and planned pieces as JSON)."""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Index, Integer, String, Table, UniqueConstraint, Uuid

from umt.adapters.sql.columns import id_column, organization_id, timestamps, version_column
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

strategy_recommendations = Table(
    "strategy_recommendations",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("key", String(300), nullable=False),
    Column("status", String(20), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("advice", JsonDocument, nullable=False),
    Column("dismissed_by", Uuid, nullable=True),
    Column("dismissed_at", UtcDateTime, nullable=True),
    Column("dismissal_reason", String(500), nullable=True),
    Column("accepted_by", Uuid, nullable=True),
    Column("accepted_at", UtcDateTime, nullable=True),
    version_column(),
    *timestamps(),
    UniqueConstraint("organization_id", "brand_id", "key", name="uq_strategy_recommendations_key"),
    Index(None, "organization_id", "brand_id"),
)

strategy_calendar_proposals = Table(
    "strategy_calendar_proposals",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("project_id", Uuid, nullable=True),
    Column("starts_on", Date, nullable=False),
    Column("weeks", Integer, nullable=False),
    Column("per_week", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("slots", JsonDocument, nullable=False),
    Column("skipped", JsonDocument, nullable=False),
    Column("pieces", JsonDocument, nullable=False),
    Column("accepted_by", Uuid, nullable=True),
    Column("accepted_at", UtcDateTime, nullable=True),
    Column("rejected_by", Uuid, nullable=True),
    Column("rejected_at", UtcDateTime, nullable=True),
    Column("rejection_reason", String(500), nullable=True),
    version_column(),
    *timestamps(),
    # named here: the naming convention's name would pass PostgreSQL's 63 characters
    Index("ix_strategy_calendar_proposals_brand", "organization_id", "brand_id", "created_at"),
)
