"""Brands get blackout dates: the dates nothing is published on (a JSON list of ISO dates,
empty for the brands there are).

Revision ID: 0021_brand_blackout_dates
Revises: 0020_publication_schedules
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0021_brand_blackout_dates"
down_revision: str | Sequence[str] | None = "0020_publication_schedules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    with op.batch_alter_table("brands") as batch:
        batch.add_column(
            sa.Column("blackout_dates", json, nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("brands") as batch:
        batch.drop_column("blackout_dates")
