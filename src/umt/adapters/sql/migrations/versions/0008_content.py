"""The content library: pieces, their immutable versions, review comments, templates.

PostgreSQL also gets a GIN index on ``to_tsvector('english', search_text)`` for full-text
search (the expression the SQL repository queries); SQLite searches without an index.

Revision ID: 0008_content
Revises: 0007_webhooks
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_content"
down_revision: str | Sequence[str] | None = "0007_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "content_pieces",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("locale", sa.String(35), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=True),
        sa.Column("media", json, nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_content_pieces_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"], name=op.f("fk_content_pieces_brand_id_brands")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_content_pieces_project_id_projects"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_pieces")),
    )
    op.create_index(
        op.f("ix_content_pieces_organization_id_brand_id"),
        "content_pieces",
        ["organization_id", "brand_id"],
    )
    op.create_index(
        op.f("ix_content_pieces_organization_id_status"),
        "content_pieces",
        ["organization_id", "status"],
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_content_pieces_search ON content_pieces"
            " USING gin (to_tsvector('english'::regconfig, search_text))"
        )
    op.create_table(
        "content_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("locale", sa.String(35), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("fields", json, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("provenance", json, nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content_pieces.id"],
            name=op.f("fk_content_versions_content_id_content_pieces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_versions")),
        sa.UniqueConstraint(
            "content_id", "number", name=op.f("uq_content_versions_content_id_number")
        ),
    )
    op.create_table(
        "content_comments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("anchor_field", sa.String(60), nullable=True),
        sa.Column("anchor_start", sa.Integer(), nullable=True),
        sa.Column("anchor_end", sa.Integer(), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content_pieces.id"],
            name=op.f("fk_content_comments_content_id_content_pieces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_comments")),
    )
    op.create_index(
        op.f("ix_content_comments_content_id_position"),
        "content_comments",
        ["content_id", "position"],
    )

    op.create_table(
        "content_templates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("industry", sa.String(100), nullable=True),
        sa.Column("channel", sa.String(40), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("variables", json, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_content_templates_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brands.id"],
            name=op.f("fk_content_templates_brand_id_brands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_templates")),
        sa.UniqueConstraint(
            "organization_id",
            "name_key",
            name=op.f("uq_content_templates_organization_id_name_key"),
        ),
    )


def downgrade() -> None:
    op.drop_table("content_templates")
    op.drop_index(op.f("ix_content_comments_content_id_position"), table_name="content_comments")
    op.drop_table("content_comments")
    op.drop_table("content_versions")
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_content_pieces_search")
    op.drop_index(op.f("ix_content_pieces_organization_id_status"), table_name="content_pieces")
    op.drop_index(op.f("ix_content_pieces_organization_id_brand_id"), table_name="content_pieces")
    op.drop_table("content_pieces")
