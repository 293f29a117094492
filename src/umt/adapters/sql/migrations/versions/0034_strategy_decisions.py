"""Strategy decisions: a recommendation may be accepted (who, when) as well as dismissed, and
a calendar proposal rejected (who, when, why) as well as accepted.

Revision ID: 0034_strategy_decisions
Revises: 0033_evergreen_rules
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034_strategy_decisions"
down_revision: str | Sequence[str] | None = "0033_evergreen_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    stamp = sa.DateTime(timezone=True)
    op.add_column("strategy_recommendations", sa.Column("accepted_by", sa.Uuid(), nullable=True))
    op.add_column("strategy_recommendations", sa.Column("accepted_at", stamp, nullable=True))
    for column in (
        sa.Column("rejected_by", sa.Uuid(), nullable=True),
        sa.Column("rejected_at", stamp, nullable=True),
        sa.Column("rejection_reason", sa.String(500), nullable=True),
    ):
        op.add_column("strategy_calendar_proposals", column)


def downgrade() -> None:
    with op.batch_alter_table("strategy_calendar_proposals") as table:
        for name in ("rejection_reason", "rejected_at", "rejected_by"):
            table.drop_column(name)
    with op.batch_alter_table("strategy_recommendations") as table:
        for name in ("accepted_at", "accepted_by"):
            table.drop_column(name)
