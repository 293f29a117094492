"""Channel accounts: why an account is disabled when no person disabled it (its integration
was disconnected).

Revision ID: 0018_account_status_reason
Revises: 0017_metric_sync_states
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_account_status_reason"
down_revision: str | Sequence[str] | None = "0017_metric_sync_states"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("channel_accounts", sa.Column("status_reason", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("channel_accounts") as batch:
        batch.drop_column("status_reason")
