"""The integration context: integrations, their sealed credentials, OAuth states in flight.

Revision ID: 0006_integrations
Revises: 0005_audit
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_integrations"
down_revision: str | Sequence[str] | None = "0005_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "integrations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(40), nullable=False),
        sa.Column("external_account_id", sa.String(200), nullable=True),
        sa.Column("account_name", sa.String(300), nullable=True),
        sa.Column("scopes", json, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error_reason", sa.String(40), nullable=True),
        sa.Column("connected_at", _TS, nullable=True),
        sa.Column("token_expires_at", _TS, nullable=True),
        sa.Column("last_sync_at", _TS, nullable=True),
        sa.Column("last_health_check_at", _TS, nullable=True),
        sa.Column("last_health_reason", sa.String(40), nullable=True),
        sa.Column("next_refresh_at", _TS, nullable=True),
        sa.Column("next_health_check_at", _TS, nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_integrations"),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name="fk_integrations_organization_id_organizations",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_integrations_next_refresh_at", "integrations", ["next_refresh_at"])
    op.create_index(
        "ix_integrations_next_health_check_at", "integrations", ["next_health_check_at"]
    )
    op.create_index(
        "ix_integrations_organization_id_created_at",
        "integrations",
        ["organization_id", "created_at"],
    )
    active = sa.text("status != 'revoked'")
    op.create_index(
        "uq_integrations_active_account",
        "integrations",
        ["organization_id", "platform", "external_account_id"],
        unique=True,
        postgresql_where=active,
        sqlite_where=active,
    )
    op.create_table(
        "integration_credentials",
        sa.Column("integration_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("integration_id", name="pk_integration_credentials"),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name="fk_integration_credentials_integration_id_integrations",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_integration_credentials_key_id", "integration_credentials", ["key_id"])
    op.create_table(
        "oauth_states",
        sa.Column("state_hash", sa.String(64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("binding_hash", sa.String(64), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(40), nullable=False),
        sa.Column("scopes", json, nullable=False),
        sa.Column("redirect_uri", sa.String(2048), nullable=False),
        sa.Column("return_to", sa.String(2048), nullable=True),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("verifier_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("state_hash", name="pk_oauth_states"),
        sa.UniqueConstraint("id", name="uq_oauth_states_id"),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name="fk_oauth_states_organization_id_organizations",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_oauth_states_key_id", "oauth_states", ["key_id"])
    op.create_index("ix_oauth_states_expires_at", "oauth_states", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_oauth_states_expires_at", table_name="oauth_states")
    op.drop_index("ix_oauth_states_key_id", table_name="oauth_states")
    op.drop_table("oauth_states")
    op.drop_index("ix_integration_credentials_key_id", table_name="integration_credentials")
    op.drop_table("integration_credentials")
    op.drop_index("uq_integrations_active_account", table_name="integrations")
    op.drop_index("ix_integrations_organization_id_created_at", table_name="integrations")
    op.drop_index("ix_integrations_next_health_check_at", table_name="integrations")
    op.drop_index("ix_integrations_next_refresh_at", table_name="integrations")
    op.drop_table("integrations")
