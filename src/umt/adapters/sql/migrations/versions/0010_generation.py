"""Generation: the per-organization usage ledger of model calls and monthly budgets.

Revision ID: 0010_generation
Revises: 0009_experiments
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_generation"
down_revision: str | Sequence[str] | None = "0009_experiments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "generation_usage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("agent", sa.String(60), nullable=False),
        sa.Column("adapter", sa.String(100), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("prompt_version", sa.String(60), nullable=False),
        sa.Column("input_tokens", sa.BigInteger(), nullable=False),
        sa.Column("output_tokens", sa.BigInteger(), nullable=False),
        sa.Column("cost_micros", sa.BigInteger(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("cached", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hold_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_generation_usage")),
    )
    op.create_index(
        "ix_generation_usage_organization_id_at",
        "generation_usage",
        ["organization_id", "at"],
    )
    op.create_table(
        "generation_budgets",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("token_limit", sa.BigInteger(), nullable=True),
        sa.Column("cost_limit_micros", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_generation_budgets")),
    )


def downgrade() -> None:
    op.drop_table("generation_budgets")
    op.drop_index("ix_generation_usage_organization_id_at", table_name="generation_usage")
    op.drop_table("generation_usage")
