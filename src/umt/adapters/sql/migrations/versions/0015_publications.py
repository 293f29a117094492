"""Publications: the publishing calendar (one content version → one channel account at one
time) and, apart, each publication's attempts; the scheduler's indexes.

Revision ID: 0015_publications
Revises: 0014_channel_accounts
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015_publications"
down_revision: str | Sequence[str] | None = "0014_channel_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    ("status", "next_attempt_at"),
    ("status", "lease_expires_at"),
    ("organization_id", "due_at"),
    ("organization_id", "brand_id", "due_at"),
    ("organization_id", "channel_account_id", "due_at"),
    ("organization_id", "content_id"),
)


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "publications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("content_version_id", sa.Uuid(), nullable=False),
        sa.Column("channel_account_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("local_time", sa.DateTime(timezone=False), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("grace_seconds", sa.Integer(), nullable=False),
        sa.Column("missed_policy", sa.String(20), nullable=False),
        sa.Column("fence", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(200), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("remote_id", sa.String(200), nullable=True),
        sa.Column("remote_url", sa.String(2048), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_comment", sa.Text(), nullable=True),
        sa.Column("schedule_id", sa.Uuid(), nullable=True),
        sa.Column("rendering", json, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint(
            "schedule_id",
            "channel_account_id",
            "due_at",
            name=op.f("uq_publications_schedule_id_channel_account_id_due_at"),
        ),
    )
    for columns in _INDEXES:
        op.create_index(op.f(f"ix_publications_{'_'.join(columns)}"), "publications", columns)
    op.create_table(
        "publication_attempts",
        sa.Column("publication_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("fence", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(30), nullable=True),
        sa.Column("rejection", sa.String(20), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("remote_id", sa.String(200), nullable=True),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_attempts_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("publication_id", "number", name=op.f("pk_publication_attempts")),
    )


def downgrade() -> None:
    op.drop_table("publication_attempts")
    for columns in reversed(_INDEXES):
        op.drop_index(op.f(f"ix_publications_{'_'.join(columns)}"), table_name="publications")
    op.drop_table("publications")
