"""The content context's tables: pieces with their versions and comments, templates, and the
generation usage ledger with the organizations' budgets."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
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
    created_at,
    id_column,
    organization_id,
    timestamps,
    updated_at,
    version_column,
)
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

content_pieces = Table(
    "content_pieces",
    metadata,
    id_column(),
    organization_id(foreign_key=True),
    Column("brand_id", Uuid, ForeignKey("brands.id"), nullable=False),
    Column("project_id", Uuid, ForeignKey("projects.id", ondelete="SET NULL"), nullable=True),
    Column("content_type", String(40), nullable=False),
    # the current version's channel, locale and title, denormalized for filters and sorting
    Column("channel", String(40), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("title", String(300), nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_reason", Text, nullable=False),
    Column("scheduled_for", UtcDateTime, nullable=True),
    Column("media", JsonDocument, nullable=False),
    Column("current_version", Integer, nullable=False),
    # title, body and keyword-like fields of the current version: what full-text search reads
    # (PostgreSQL: a GIN index on to_tsvector('english', search_text), see migration 0008)
    Column("search_text", Text, nullable=False),
    # the last experiment whose winner was promoted into the piece (migration 0011)
    Column("promoted_from_experiment", Uuid, nullable=True),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "brand_id"),
    Index(None, "organization_id", "status"),
)
# Indexes created by migrations that SQLAlchemy Core cannot describe portably (PostgreSQL
# expression indexes); the migration environment leaves them out of schema comparisons.
# ix_content_pieces_search: GIN on to_tsvector('english', search_text) (migration 0008).
MIGRATION_ONLY_INDEXES = frozenset({"ix_content_pieces_search"})

content_versions = Table(
    "content_versions",
    metadata,
    id_column(),
    Column("content_id", Uuid, ForeignKey("content_pieces.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("content_type", String(40), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("title", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("fields", JsonDocument, nullable=False),
    Column("author", String(200), nullable=False),
    Column("provenance", JsonDocument, nullable=True),
    Column("note", Text, nullable=False),
    created_at(),
    UniqueConstraint("content_id", "number"),
)

content_comments = Table(
    "content_comments",
    metadata,
    id_column(),
    Column("content_id", Uuid, ForeignKey("content_pieces.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("version_number", Integer, nullable=False),
    Column("parent_id", Uuid, nullable=True),
    Column("author", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("anchor_field", String(60), nullable=True),
    Column("anchor_start", Integer, nullable=True),
    Column("anchor_end", Integer, nullable=True),
    Column("resolved", Boolean, nullable=False),
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("resolved_by", String(200), nullable=True),
    created_at(),
    Index(None, "content_id", "position"),
)

content_templates = Table(
    "content_templates",
    metadata,
    id_column(),
    organization_id(foreign_key=True),
    Column("brand_id", Uuid, ForeignKey("brands.id", ondelete="CASCADE"), nullable=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),  # casefolded: names are unique that way
    Column("content_type", String(40), nullable=False),
    Column("industry", String(100), nullable=True),
    Column("channel", String(40), nullable=True),
    Column("body", Text, nullable=False),
    Column("variables", JsonDocument, nullable=False),
    version_column(),
    *timestamps(),
    UniqueConstraint("organization_id", "name_key"),
)

# The generation usage ledger: one row per generator call; a row with ``hold_until`` set is a
# reservation of a call in flight (reserve-then-settle), counted against the budget until it
# is settled, released, or lapses.
generation_usage = Table(
    "generation_usage",
    metadata,
    id_column(),
    organization_id(),
    Column("user_id", Uuid, nullable=True),
    Column("agent", String(60), nullable=False),
    Column("adapter", String(100), nullable=False),
    Column("model", String(200), nullable=False),
    Column("prompt_version", String(60), nullable=False),
    Column("input_tokens", BigInteger, nullable=False),
    Column("output_tokens", BigInteger, nullable=False),
    Column("cost_micros", BigInteger, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("cached", Boolean, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("hold_until", UtcDateTime, nullable=True),
    Index("ix_generation_usage_organization_id_at", "organization_id", "at"),
)

# An organization's own monthly generation budget (absent: the default from settings).
generation_budgets = Table(
    "generation_budgets",
    metadata,
    Column("organization_id", Uuid, primary_key=True),
    Column("token_limit", BigInteger, nullable=True),
    Column("cost_limit_micros", BigInteger, nullable=True),
    updated_at(),
)
