"""Competitor research: the sources read per competitor (with their validators for a
conditional GET), the documents found in them (never their text) and the crawls.

Revision ID: 0023_research
Revises: 0022_budget_cap_lifetime
Create Date: 2026-12-17
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0023_research"
down_revision: str | Sequence[str] | None = "0022_budget_cap_lifetime"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

URL = 2048


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    stamp = sa.DateTime(timezone=True)
    op.create_table(
        "research_sources",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("competitor_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(URL), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("etag", sa.String(500), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("fetched_at", stamp, nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("failure", sa.String(40), nullable=True),
        sa.Column("listed", sa.Integer(), nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_sources")),
        sa.UniqueConstraint("brand_id", "competitor_id", "url", name="uq_research_sources_url"),
    )
    op.create_index(
        op.f("ix_research_sources_organization_id_brand_id"),
        "research_sources",
        ["organization_id", "brand_id"],
    )
    op.create_table(
        "research_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("competitor_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(URL), nullable=False),
        sa.Column("source_url", sa.String(URL), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("published_at", stamp, nullable=True),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("keyphrases", json, nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("cluster", sa.String(200), nullable=True),
        sa.Column("near_duplicate_of", sa.String(URL), nullable=True),
        sa.Column("etag", sa.String(500), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("fetched_at", stamp, nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.Column("updated_at", stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_documents")),
        sa.UniqueConstraint("brand_id", "url", name="uq_research_documents_url"),
    )
    op.create_index(
        op.f("ix_research_documents_organization_id_brand_id_fetched_at"),
        "research_documents",
        ["organization_id", "brand_id", "fetched_at"],
    )
    op.create_table(
        "research_crawls",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("competitor_ids", json, nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", stamp, nullable=False),
        sa.Column("finished_at", stamp, nullable=True),
        sa.Column("counts", json, nullable=False),
        sa.Column("failures", json, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_crawls")),
    )
    op.create_index(
        op.f("ix_research_crawls_organization_id_brand_id_started_at"),
        "research_crawls",
        ["organization_id", "brand_id", "started_at"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_research_crawls_organization_id_brand_id_started_at"),
        table_name="research_crawls",
    )
    op.drop_table("research_crawls")
    op.drop_index(
        op.f("ix_research_documents_organization_id_brand_id_fetched_at"),
        table_name="research_documents",
    )
    op.drop_table("research_documents")
    op.drop_index(
        op.f("ix_research_sources_organization_id_brand_id"), table_name="research_sources"
    )
    op.drop_table("research_sources")
