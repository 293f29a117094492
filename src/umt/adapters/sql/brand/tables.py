"""The brand context's tables: brands with their audiences and competitors, and projects."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from umt.adapters.sql.columns import (
    SLUG_LENGTH,
    URL_LENGTH,
    id_column,
    organization_id,
    timestamps,
    version_column,
)
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

brands = Table(
    "brands",
    metadata,
    id_column(),
    organization_id(foreign_key=True),
    Column("name", String(200), nullable=False),
    Column("slug", String(SLUG_LENGTH), nullable=False),
    Column("industry", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("website", String(URL_LENGTH), nullable=True),
    Column("voice", JsonDocument, nullable=False),
    Column("styling", JsonDocument, nullable=False),
    Column("status", String(20), nullable=False),
    version_column(),
    *timestamps(),
    Column("archived_at", UtcDateTime, nullable=True),
    Column("time_zone", String(64), nullable=False, server_default="UTC"),
    Column("blackout_dates", JsonDocument, nullable=False, server_default="[]"),
    UniqueConstraint("organization_id", "slug"),
    Index(None, "organization_id", "status"),
    Index(None, "organization_id", "industry"),
)

audiences = Table(
    "audiences",
    metadata,
    id_column(),
    Column("brand_id", Uuid, ForeignKey("brands.id", ondelete="CASCADE"), nullable=False),
    organization_id(index=True),
    Column("persona_name", String(120), nullable=False),
    # casefold(persona_name): the database enforces the aggregate's case-insensitive rule too.
    Column("persona_key", String(120), nullable=False),
    Column("age_min", Integer, nullable=True),
    Column("age_max", Integer, nullable=True),
    Column("locations", JsonDocument, nullable=False),
    Column("interests", JsonDocument, nullable=False),
    Column("pain_points", JsonDocument, nullable=False),
    Column("goals", JsonDocument, nullable=False),
    Column("preferred_channels", JsonDocument, nullable=False),
    version_column(),
    *timestamps(),
    Column("archived_at", UtcDateTime, nullable=True),
    UniqueConstraint("brand_id", "persona_key"),
)

competitors = Table(
    "competitors",
    metadata,
    id_column(),
    Column("brand_id", Uuid, ForeignKey("brands.id", ondelete="CASCADE"), nullable=False),
    organization_id(index=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),
    Column("website", String(URL_LENGTH), nullable=True),
    Column("feed_urls", JsonDocument, nullable=False),
    Column("notes", Text, nullable=False),
    version_column(),
    *timestamps(),
    Column("archived_at", UtcDateTime, nullable=True),
    UniqueConstraint("brand_id", "name_key"),
)

projects = Table(
    "projects",
    metadata,
    id_column(),
    organization_id(foreign_key=True),
    Column("brand_id", Uuid, ForeignKey("brands.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("project_type", String(40), nullable=False),
    Column("custom_type", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("goals", JsonDocument, nullable=False),
    Column("channels", JsonDocument, nullable=False),
    Column("start_date", Date, nullable=True),
    Column("end_date", Date, nullable=True),
    Column(
        "assignee_id",
        Uuid,
        ForeignKey("users.id", ondelete="SET NULL"),
        nullable=True,
        index=True,
    ),
    Column("status", String(20), nullable=False),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "brand_id"),
    Index(None, "organization_id", "status"),
)
