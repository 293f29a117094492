"""Attribution: conversion paths (touchpoints as one JSON document, one row per brand and
path key) and clicks on UTM-tagged links (open until a conversion closes them into a path).

Revision ID: 0024_attribution
Revises: 0023_research
Create Date: 2026-12-18
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0024_attribution"
down_revision: str | Sequence[str] | None = "0023_research"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    exact = sa.Numeric(24, 6).with_variant(sa.String(40), "sqlite")
    op.create_table(
        "attribution_paths",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("path_key", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("touchpoints", json, nullable=False),
        sa.Column("converted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", exact, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "organization_id", "brand_id", "path_key", name=op.f("pk_attribution_paths")
        ),
    )
    op.create_index(
        "ix_attribution_paths_ended_at",
        "attribution_paths",
        ["organization_id", "brand_id", "ended_at"],
    )
    op.create_table(
        "attribution_clicks",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("visitor", sa.String(200), nullable=False),
        sa.Column("clicked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("campaign", sa.String(200), nullable=False),
        sa.Column("content", sa.String(200), nullable=False),
        sa.Column("path_key", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint(
            "organization_id", "brand_id", "event_id", name=op.f("pk_attribution_clicks")
        ),
    )
    op.create_index(
        "ix_attribution_clicks_visitor",
        "attribution_clicks",
        ["organization_id", "brand_id", "visitor", "clicked_at"],
    )
    op.create_index(
        "ix_attribution_clicks_clicked_at",
        "attribution_clicks",
        ["organization_id", "brand_id", "clicked_at"],
    )


def downgrade() -> None:
    op.drop_table("attribution_clicks")
    op.drop_table("attribution_paths")
