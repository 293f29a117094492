"""Budget caps get a lifetime maximum beside the daily one (either may be absent; the API
holds one of the two).

Revision ID: 0022_budget_cap_lifetime
Revises: 0021_brand_blackout_dates
Create Date: 2026-12-16
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_budget_cap_lifetime"
down_revision: str | Sequence[str] | None = "0021_brand_blackout_dates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    exact = sa.Numeric(24, 6).with_variant(sa.String(40), "sqlite")
    with op.batch_alter_table("ad_budget_caps") as batch:
        batch.alter_column("daily", existing_type=exact, nullable=True)
        batch.add_column(sa.Column("lifetime", exact, nullable=True))


def downgrade() -> None:
    exact = sa.Numeric(24, 6).with_variant(sa.String(40), "sqlite")
    op.execute("DELETE FROM ad_budget_caps WHERE daily IS NULL")
    with op.batch_alter_table("ad_budget_caps") as batch:
        batch.drop_column("lifetime")
        batch.alter_column("daily", existing_type=exact, nullable=False)
