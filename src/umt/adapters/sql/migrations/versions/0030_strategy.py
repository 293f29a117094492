"""The strategy context: recommendations (one row per brand and key, the advice: evidence,
confidence, action, as one JSON document) and calendar proposals (slots, skipped candidates
and planned pieces as JSON).

Revision ID: 0030_strategy
Revises: 0029_insights
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0030_strategy"
down_revision: str | Sequence[str] | None = "0029_insights"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    stamp = sa.DateTime(timezone=True)
    op.create_table(
        "strategy_recommendations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("advice", json, nullable=False),
        sa.Column("dismissed_by", sa.Uuid(), nullable=True),
        sa.Column("dismissed_at", stamp, nullable=True),
        sa.Column("dismissal_reason", sa.String(500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.Column("updated_at", stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_recommendations")),
        sa.UniqueConstraint(
            "organization_id", "brand_id", "key", name="uq_strategy_recommendations_key"
        ),
    )
    op.create_index(
        op.f("ix_strategy_recommendations_organization_id_brand_id"),
        "strategy_recommendations",
        ["organization_id", "brand_id"],
    )
    op.create_table(
        "strategy_calendar_proposals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("per_week", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("slots", json, nullable=False),
        sa.Column("skipped", json, nullable=False),
        sa.Column("pieces", json, nullable=False),
        sa.Column("accepted_by", sa.Uuid(), nullable=True),
        sa.Column("accepted_at", stamp, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.Column("updated_at", stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategy_calendar_proposals")),
    )
    op.create_index(
        "ix_strategy_calendar_proposals_brand",
        "strategy_calendar_proposals",
        ["organization_id", "brand_id", "created_at"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_strategy_calendar_proposals_brand",
        table_name="strategy_calendar_proposals",
    )
    op.drop_table("strategy_calendar_proposals")
    op.drop_index(
        op.f("ix_strategy_recommendations_organization_id_brand_id"),
        table_name="strategy_recommendations",
    )
    op.drop_table("strategy_recommendations")
