"""Insights: the insights detected in brands' rollups (unique per brand and key: raised once)
and the brands' threshold alert rules.

Revision ID: 0029_insights
Revises: 0028_rollup_queue
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0029_insights"
down_revision: str | Sequence[str] | None = "0028_rollup_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    exact = sa.Numeric(24, 6).with_variant(sa.String(40), "sqlite")
    op.create_table(
        "insights",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("series", sa.String(250), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("measure", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(30), nullable=True),
        sa.Column("subject_kind", sa.String(30), nullable=True),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("headline", sa.String(500), nullable=False),
        sa.Column("statistics", json, nullable=False),
        sa.Column("evidence", json, nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_by", sa.Uuid(), nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insights")),
        sa.UniqueConstraint("organization_id", "brand_id", "key", name="uq_insights_key"),
    )
    op.create_index(
        op.f("ix_insights_organization_id_brand_id_detected_at"),
        "insights",
        ["organization_id", "brand_id", "detected_at"],
    )
    op.create_index(
        op.f("ix_insights_organization_id_brand_id_series_day"),
        "insights",
        ["organization_id", "brand_id", "series", "day"],
    )
    op.create_table(
        "alert_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("measure", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(30), nullable=True),
        sa.Column("subject_kind", sa.String(30), nullable=True),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("comparison", sa.String(5), nullable=False),
        sa.Column("threshold", exact, nullable=False),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_rules")),
    )
    op.create_index(
        op.f("ix_alert_rules_organization_id_brand_id_created_at"),
        "alert_rules",
        ["organization_id", "brand_id", "created_at"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_alert_rules_organization_id_brand_id_created_at"), "alert_rules")
    op.drop_table("alert_rules")
    op.drop_index(op.f("ix_insights_organization_id_brand_id_series_day"), "insights")
    op.drop_index(op.f("ix_insights_organization_id_brand_id_detected_at"), "insights")
    op.drop_table("insights")
