"""Metrics: the remote-object index (platform id → umt subject per channel account) and the
metric samples synced from the platforms.

Revision ID: 0013_metrics
Revises: 0012_api_key_parents
Create Date: 2026-12-14
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_metrics"
down_revision: str | Sequence[str] | None = "0012_api_key_parents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "remote_objects",
        sa.Column("channel_account_id", sa.Uuid(), nullable=False),
        sa.Column("remote_id", sa.String(512), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.String(30), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("channel_account_id", "remote_id", name=op.f("pk_remote_objects")),
    )
    op.create_index(
        op.f("ix_remote_objects_organization_id_subject_kind_subject_id"),
        "remote_objects",
        ["organization_id", "subject_kind", "subject_id"],
    )
    # exact decimals: NUMERIC on PostgreSQL, their text on SQLite (see types.ExactDecimal)
    value = sa.Numeric(24, 6).with_variant(sa.String(40), "sqlite")
    op.create_table(
        "metric_samples",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.String(30), nullable=False),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("value", value, nullable=False),
        sa.Column("raw_name", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.PrimaryKeyConstraint(
            "subject_id",
            "subject_kind",
            "metric",
            "observed_at",
            "source",
            name=op.f("pk_metric_samples"),
        ),
    )
    op.create_index(
        op.f("ix_metric_samples_organization_id_brand_id_observed_at"),
        "metric_samples",
        ["organization_id", "brand_id", "observed_at"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_metric_samples_organization_id_brand_id_observed_at"), "metric_samples")
    op.drop_table("metric_samples")
    op.drop_index(
        op.f("ix_remote_objects_organization_id_subject_kind_subject_id"), "remote_objects"
    )
    op.drop_table("remote_objects")
