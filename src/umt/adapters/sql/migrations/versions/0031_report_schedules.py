"""Scheduled reports: a brand's report schedules (claimed by their due time under a lease)
and the deliveries made, one per (schedule, due time), with their file.

Revision ID: 0031_report_schedules
Revises: 0030_strategy
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0031_report_schedules"
down_revision: str | Sequence[str] | None = "0030_strategy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    stamp = sa.DateTime(timezone=True)
    op.create_table(
        "report_schedules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("range_days", sa.Integer(), nullable=False),
        sa.Column("cadence", sa.String(10), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("recipients", json, nullable=False),
        sa.Column("webhook", sa.Boolean(), nullable=False),
        sa.Column("file_format", sa.String(10), nullable=False),
        sa.Column("next_due_at", stamp, nullable=False),
        sa.Column("claimed_until", stamp, nullable=True),
        sa.Column("last_delivered_at", stamp, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.Column("updated_at", stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_schedules")),
    )
    op.create_index(op.f("ix_report_schedules_next_due_at"), "report_schedules", ["next_due_at"])
    op.create_index(
        op.f("ix_report_schedules_organization_id_brand_id"),
        "report_schedules",
        ["organization_id", "brand_id"],
    )
    op.create_table(
        "report_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("schedule_id", sa.Uuid(), nullable=False),
        sa.Column("due_at", stamp, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("file_format", sa.String(10), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("recipients", json, nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_deliveries")),
        sa.UniqueConstraint(
            "schedule_id", "due_at", name=op.f("uq_report_deliveries_schedule_id_due_at")
        ),
    )


def downgrade() -> None:
    op.drop_table("report_deliveries")
    op.drop_index(op.f("ix_report_schedules_organization_id_brand_id"), "report_schedules")
    op.drop_index(op.f("ix_report_schedules_next_due_at"), "report_schedules")
    op.drop_table("report_schedules")
