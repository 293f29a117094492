"""Publication first comments: how posting a published post's first comment went (pending,
posting, posted with the comment's id, failed with the reason, unsupported), its attempts and
when it is tried next; the index the first-comment loop reads.

Revision ID: 0019_publication_first_comments
Revises: 0018_account_status_reason
Create Date: 2026-12-16
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_publication_first_comments"
down_revision: str | Sequence[str] | None = "0018_account_status_reason"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "ix_publications_comment_status_comment_next_at"


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("comment_status", sa.String(20), nullable=True))
        batch.add_column(sa.Column("comment_attempts", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("comment_next_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("comment_id", sa.String(200), nullable=True))
        batch.add_column(sa.Column("comment_reason", sa.String(30), nullable=True))
        batch.add_column(sa.Column("comment_detail", sa.Text(), nullable=True))
        batch.add_column(sa.Column("comment_updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index(_INDEX, ["comment_status", "comment_next_at"])


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_index(_INDEX)
        for column in (
            "comment_updated_at",
            "comment_detail",
            "comment_reason",
            "comment_id",
            "comment_next_at",
            "comment_attempts",
            "comment_status",
        ):
            batch.drop_column(column)
