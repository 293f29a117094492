"""Brand enrichments: what a brand's website suggests for its fields (name, description,
palette, fonts, logo), each suggestion accepted or rejected by a person.

Revision ID: 0027_brand_enrichments
Revises: 0026_analytics
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0027_brand_enrichments"
down_revision: str | Sequence[str] | None = "0026_analytics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

URL = 2048
INDEX = "ix_brand_enrichments_organization_id_brand_id_created_at"


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    stamp = sa.DateTime(timezone=True)
    op.create_table(
        "brand_enrichments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(URL), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("suggestions", json, nullable=False),
        sa.Column("findings", json, nullable=False),
        sa.Column("failures", json, nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.Column("reviewed_at", stamp, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brand_enrichments")),
    )
    op.create_index(op.f(INDEX), "brand_enrichments", ["organization_id", "brand_id", "created_at"])


def downgrade() -> None:
    op.drop_index(op.f(INDEX), table_name="brand_enrichments")
    op.drop_table("brand_enrichments")
