"""Channel accounts: each brand's destinations (with the sealed tokens of those that carry
their own), and the brand's IANA time zone.

Revision ID: 0014_channel_accounts
Revises: 0013_metrics
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014_channel_accounts"
down_revision: str | Sequence[str] | None = "0013_metrics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    with op.batch_alter_table("brands") as batch:
        batch.add_column(
            sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC")
        )
    op.create_table(
        "channel_accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("integration_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("external_id", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("details", json, nullable=False),
        sa.Column("has_own_credentials", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("daily_cap", sa.Integer(), nullable=True),
        sa.Column("min_spacing_minutes", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_accounts")),
        sa.UniqueConstraint(
            "brand_id", "kind", "external_id", name="uq_channel_accounts_brand_destination"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_channel_accounts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_channel_accounts_brand_id_brands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_channel_accounts_integration_id_integrations"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        op.f("ix_channel_accounts_integration_id"), "channel_accounts", ["integration_id"]
    )
    op.create_index(
        op.f("ix_channel_accounts_organization_id_brand_id_created_at"),
        "channel_accounts",
        ["organization_id", "brand_id", "created_at"],
    )
    op.create_table(
        "channel_account_credentials",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_channel_account_credentials")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["channel_accounts.id"],
            name=op.f("fk_channel_account_credentials_account_id_channel_accounts"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        op.f("ix_channel_account_credentials_key_id"), "channel_account_credentials", ["key_id"]
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_channel_account_credentials_key_id"), table_name="channel_account_credentials"
    )
    op.drop_table("channel_account_credentials")
    op.drop_index(
        op.f("ix_channel_accounts_organization_id_brand_id_created_at"),
        table_name="channel_accounts",
    )
    op.drop_index(op.f("ix_channel_accounts_integration_id"), table_name="channel_accounts")
    op.drop_table("channel_accounts")
    with op.batch_alter_table("brands") as batch:
        batch.drop_column("time_zone")
