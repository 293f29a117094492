"""API key parents: a key made with an API key names that key, so revoking it revokes them.

Revision ID: 0012_api_key_parents
Revises: 0011_promotion
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_api_key_parents"
down_revision: str | Sequence[str] | None = "0011_promotion"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("parent_id", sa.Uuid(), nullable=True))
        batch.create_index("ix_api_keys_parent_id", ["parent_id"])


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_index("ix_api_keys_parent_id")
        batch.drop_column("parent_id")
