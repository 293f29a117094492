"""Advertising: campaigns (their tree as a document), ad rules, the decision log (rule
evaluations and pacing checks, unique per window) and the budget caps.

Revision ID: 0016_advertising
Revises: 0015_publications
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016_advertising"
down_revision: str | Sequence[str] | None = "0015_publications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    # exact decimals: NUMERIC on PostgreSQL, their text on SQLite (see types.ExactDecimal)
    exact = sa.Numeric(24, 6).with_variant(sa.String(40), "sqlite")
    when = sa.DateTime(timezone=True)
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("ad_account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("objective", sa.String(30), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("starts_at", when, nullable=False),
        sa.Column("ends_at", when, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_reason", sa.String(100), nullable=False),
        sa.Column("remote_id", sa.String(512), nullable=True),
        sa.Column("tree", json, nullable=False),
        sa.Column("launched_at", when, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", when, nullable=False),
        sa.Column("updated_at", when, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_index(
        op.f("ix_campaigns_organization_id_brand_id_created_at"),
        "campaigns",
        ["organization_id", "brand_id", "created_at"],
    )
    op.create_index(op.f("ix_campaigns_status_created_at"), "campaigns", ["status", "created_at"])
    op.create_table(
        "ad_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("experiment_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("definition", json, nullable=False),
        sa.Column("cooldown_seconds", sa.Integer(), nullable=False),
        sa.Column("max_actions_per_day", sa.Integer(), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", when, nullable=False),
        sa.Column("updated_at", when, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_rules")),
    )
    op.create_index(op.f("ix_ad_rules_campaign_id"), "ad_rules", ["campaign_id"])
    op.create_index(
        op.f("ix_ad_rules_organization_id_created_at"),
        "ad_rules",
        ["organization_id", "created_at"],
    )
    op.create_table(
        "ad_rule_evaluations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("slot", sa.String(40), nullable=False),
        sa.Column("window_start", when, nullable=False),
        sa.Column("window_end", when, nullable=False),
        sa.Column("evaluated_at", when, nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("value", exact, nullable=True),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("action", json, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_rule_evaluations")),
        sa.UniqueConstraint("rule_id", "subject_id", "slot", name="uq_ad_rule_evaluations_window"),
    )
    op.create_index(
        op.f("ix_ad_rule_evaluations_rule_id_evaluated_at"),
        "ad_rule_evaluations",
        ["rule_id", "evaluated_at"],
    )
    op.create_table(
        "pacing_checks",
        sa.Column("ad_set_id", sa.Uuid(), nullable=False),
        sa.Column("slot", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("checked_at", when, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("ratio", exact, nullable=True),
        sa.Column("action", json, nullable=False),
        sa.PrimaryKeyConstraint("ad_set_id", "slot", name="pk_pacing_checks"),
    )
    op.create_table(
        "ad_budget_caps",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("scope_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("daily", exact, nullable=False),
        sa.Column("updated_at", when, nullable=False),
        sa.PrimaryKeyConstraint(
            "organization_id", "scope_id", "currency", name="pk_ad_budget_caps"
        ),
    )


def downgrade() -> None:
    op.drop_table("ad_budget_caps")
    op.drop_table("pacing_checks")
    op.drop_index(op.f("ix_ad_rule_evaluations_rule_id_evaluated_at"), "ad_rule_evaluations")
    op.drop_table("ad_rule_evaluations")
    op.drop_index(op.f("ix_ad_rules_organization_id_created_at"), "ad_rules")
    op.drop_index(op.f("ix_ad_rules_campaign_id"), "ad_rules")
    op.drop_table("ad_rules")
    op.drop_index(op.f("ix_campaigns_status_created_at"), "campaigns")
    op.drop_index(op.f("ix_campaigns_organization_id_brand_id_created_at"), "campaigns")
    op.drop_table("campaigns")
