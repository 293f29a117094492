"""Experiments: the Experiment aggregates, their exposure/conversion observations and the
per-unit rollup the analysis reads.

Revision ID: 0009_experiments
Revises: 0008_content
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009_experiments"
down_revision: str | Sequence[str] | None = "0008_content"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

METRIC_SLOTS = 11  # the primary metric and at most 10 guardrails (as in tables.py)


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "experiments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("hypothesis", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("design", json, nullable=False),
        sa.Column("alpha", sa.Float(), nullable=False),
        sa.Column("power", sa.Float(), nullable=False),
        sa.Column("required_sample_size", sa.Integer(), nullable=False),
        sa.Column("max_sample_factor", sa.Float(), nullable=False),
        sa.Column("salt", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("stopping_reason", sa.String(30), nullable=True),
        sa.Column("winner", sa.String(64), nullable=True),
        sa.Column("result", json, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("concluded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
    )
    op.create_index(
        op.f("ix_experiments_organization_id_created_at"),
        "experiments",
        ["organization_id", "created_at"],
    )
    op.create_table(
        "experiment_observations",
        sa.Column("experiment_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.String(200), nullable=False),
        sa.Column("arm", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("metric", sa.String(64), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("covariate", sa.Float(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "experiment_id", "event_id", name=op.f("pk_experiment_observations")
        ),
    )
    op.create_table(
        "experiment_units",
        sa.Column("experiment_id", sa.Uuid(), nullable=False),
        sa.Column("arm", sa.String(64), nullable=False),
        sa.Column("unit_id", sa.String(200), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("exposed", sa.Integer(), nullable=False),
        sa.Column("covariate", sa.Float(), nullable=True),
        *(sa.Column(f"c{i}", sa.Integer(), nullable=False) for i in range(METRIC_SLOTS)),
        *(sa.Column(f"y{i}", sa.Float(), nullable=False) for i in range(METRIC_SLOTS)),
        sa.PrimaryKeyConstraint(
            "experiment_id", "arm", "unit_id", name=op.f("pk_experiment_units")
        ),
    )


def downgrade() -> None:
    op.drop_table("experiment_units")
    op.drop_table("experiment_observations")
    op.drop_index(op.f("ix_experiments_organization_id_created_at"), table_name="experiments")
    op.drop_table("experiments")
