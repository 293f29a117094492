"""Evergreen rules: a brand's recycling of its best performing pieces (the measure, the
look-back, the limits), with the picks it made and why, and when the loop runs it next.

Revision ID: 0033_evergreen_rules
Revises: 0032_planned_publications
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0033_evergreen_rules"
down_revision: str | Sequence[str] | None = "0032_planned_publications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    stamp = sa.DateTime(timezone=True)
    op.create_table(
        "evergreen_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("channel_account_ids", json, nullable=False),
        sa.Column("measure", sa.String(40), nullable=False),
        sa.Column("lookback_days", sa.Integer(), nullable=False),
        sa.Column("min_trials", sa.Integer(), nullable=False),
        sa.Column("min_age_days", sa.Integer(), nullable=False),
        sa.Column("cooldown_days", sa.Integer(), nullable=False),
        sa.Column("max_per_week", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("picks", json, nullable=False),
        sa.Column("last_run_at", stamp, nullable=True),
        sa.Column("next_run_at", stamp, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.Column("updated_at", stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evergreen_rules")),
        sa.UniqueConstraint(
            "organization_id", "brand_id", name=op.f("uq_evergreen_rules_organization_id_brand_id")
        ),
    )
    op.create_index(
        op.f("ix_evergreen_rules_active_next_run_at"), "evergreen_rules", ["active", "next_run_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_evergreen_rules_active_next_run_at"), "evergreen_rules")
    op.drop_table("evergreen_rules")
