"""Promotion: a content piece records the last experiment whose winner was promoted into it.

Revision ID: 0011_promotion
Revises: 0010_generation
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_promotion"
down_revision: str | Sequence[str] | None = "0010_generation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("content_pieces") as batch:
        batch.add_column(sa.Column("promoted_from_experiment", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("content_pieces") as batch:
        batch.drop_column("promoted_from_experiment")
