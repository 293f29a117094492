"""The advertising context's tables.

A campaign's tree (ad sets with their budgets, targeting and ads) is one JSON document read
and written whole with the aggregate; what the loops and the API query (status, brand, the
remote id) are columns. Rule evaluations and pacing checks are unique per window: the insert
that records one is also the claim that lets one process act for it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from umt.adapters.sql.columns import id_column, organization_id, timestamps, version_column
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import ExactDecimal, JsonDocument, UtcDateTime

campaigns = Table(
    "campaigns",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("ad_account_id", Uuid, nullable=False),
    Column("name", String(200), nullable=False),
    Column("objective", String(30), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=True),
    Column("status", String(20), nullable=False),
    Column("status_reason", String(100), nullable=False),
    Column("remote_id", String(512), nullable=True),
    Column("tree", JsonDocument, nullable=False),
    Column("launched_at", UtcDateTime, nullable=True),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "brand_id", "created_at"),
    Index(None, "status", "created_at"),
)

ad_rules = Table(
    "ad_rules",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("campaign_id", Uuid, nullable=False, index=True),
    Column("experiment_id", Uuid, nullable=True),
    Column("name", String(200), nullable=False),
    Column("level", String(20), nullable=False),
    Column("action", String(30), nullable=False),
    Column("definition", JsonDocument, nullable=False),  # condition, minimum, adjustment
    Column("cooldown_seconds", Integer, nullable=False),
    Column("max_actions_per_day", Integer, nullable=False),
    Column("dry_run", Boolean, nullable=False),
    Column("enabled", Boolean, nullable=False),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "created_at"),
)

ad_rule_evaluations = Table(
    "ad_rule_evaluations",
    metadata,
    id_column(),
    organization_id(),
    Column("rule_id", Uuid, nullable=False),
    Column("campaign_id", Uuid, nullable=False),
    Column("subject_id", Uuid, nullable=False),
    Column("slot", String(40), nullable=False),
    Column("window_start", UtcDateTime, nullable=False),
    Column("window_end", UtcDateTime, nullable=False),
    Column("evaluated_at", UtcDateTime, nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("value", ExactDecimal, nullable=True),
    Column("dry_run", Boolean, nullable=False),
    Column("action", JsonDocument, nullable=False),
    UniqueConstraint("rule_id", "subject_id", "slot", name="uq_ad_rule_evaluations_window"),
    Index(None, "rule_id", "evaluated_at"),
)

pacing_checks = Table(
    "pacing_checks",
    metadata,
    Column("ad_set_id", Uuid, nullable=False),
    Column("slot", String(40), nullable=False),
    organization_id(),
    Column("campaign_id", Uuid, nullable=False),
    Column("checked_at", UtcDateTime, nullable=False),
    Column("state", String(20), nullable=False),
    Column("ratio", ExactDecimal, nullable=True),
    Column("action", JsonDocument, nullable=False),
    PrimaryKeyConstraint("ad_set_id", "slot", name="pk_pacing_checks"),
)

# one cap per (organization, brand or the organization itself, currency); the organization's
# own cap has the nil UUID as its scope, so the key holds no NULL
budget_caps = Table(
    "ad_budget_caps",
    metadata,
    organization_id(),
    Column("scope_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("daily", ExactDecimal, nullable=True),
    Column("lifetime", ExactDecimal, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("organization_id", "scope_id", "currency", name="pk_ad_budget_caps"),
)
