"""Planned publications: slots held on a channel account's calendar for pieces not approved
yet (a calendar proposal's drafts), scheduled when the piece is approved or dropped.

Revision ID: 0032_planned_publications
Revises: 0031_report_schedules
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032_planned_publications"
down_revision: str | Sequence[str] | None = "0031_report_schedules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    ("organization_id", "content_id"),
    ("organization_id", "brand_id", "due_at"),
    ("status", "due_at"),
)


def _index_name(columns: Sequence[str]) -> str:
    return f"ix_planned_publications_{'_'.join(columns)}"


def upgrade() -> None:
    stamp = sa.DateTime(timezone=True)
    op.create_table(
        "planned_publications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("channel_account_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("due_at", stamp, nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("local_time", sa.String(32), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=True),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("publication_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", stamp, nullable=False),
        sa.Column("updated_at", stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_publications")),
        sa.UniqueConstraint(
            "proposal_id", "slot", name=op.f("uq_planned_publications_proposal_id_slot")
        ),
    )
    for columns in _INDEXES:
        op.create_index(op.f(_index_name(columns)), "planned_publications", list(columns))


def downgrade() -> None:
    for columns in _INDEXES:
        op.drop_index(op.f(_index_name(columns)), "planned_publications")
    op.drop_table("planned_publications")
