"""Recurring publication schedules: the rule (daily, weekly on weekdays, every N days at a wall
time in an IANA zone) and how far ahead each was expanded into publications.

Revision ID: 0020_publication_schedules
Revises: 0019_publication_first_comments
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0020_publication_schedules"
down_revision: str | Sequence[str] | None = "0019_publication_first_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "publication_schedules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("channel_account_ids", json, nullable=False),
        sa.Column("frequency", sa.String(20), nullable=False),
        sa.Column("weekdays", json, nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=True),
        sa.Column("local_time", sa.Time(timezone=False), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("expanded_until", sa.Date(), nullable=True),
        sa.Column("next_expansion_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("grace_seconds", sa.Integer(), nullable=True),
        sa.Column("missed_policy", sa.String(20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_schedules")),
    )
    op.create_index(
        op.f("ix_publication_schedules_organization_id_created_at"),
        "publication_schedules",
        ["organization_id", "created_at"],
    )
    op.create_index(
        op.f("ix_publication_schedules_active_next_expansion_on"),
        "publication_schedules",
        ["active", "next_expansion_on"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_publication_schedules_active_next_expansion_on"),
        table_name="publication_schedules",
    )
    op.drop_index(
        op.f("ix_publication_schedules_organization_id_created_at"),
        table_name="publication_schedules",
    )
    op.drop_table("publication_schedules")
