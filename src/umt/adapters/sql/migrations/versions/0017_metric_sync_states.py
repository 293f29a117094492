"""Metric sync states: where each channel account's metric sync stands (cursor, last success,
last failure, backoff, next due time).

Revision ID: 0017_metric_sync_states
Revises: 0016_advertising
Create Date: 2026-12-14
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_metric_sync_states"
down_revision: str | Sequence[str] | None = "0016_advertising"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "metric_sync_states",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(40), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error_reason", sa.String(40), nullable=True),
        sa.Column("last_error_message", sa.String(500), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("retry_not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("samples_stored", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_sync_states")),
    )
    op.create_index(
        op.f("ix_metric_sync_states_next_due_at"), "metric_sync_states", ["next_due_at"]
    )
    op.create_index(
        op.f("ix_metric_sync_states_organization_id_brand_id"),
        "metric_sync_states",
        ["organization_id", "brand_id"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_metric_sync_states_organization_id_brand_id"), "metric_sync_states")
    op.drop_index(op.f("ix_metric_sync_states_next_due_at"), "metric_sync_states")
    op.drop_table("metric_sync_states")
