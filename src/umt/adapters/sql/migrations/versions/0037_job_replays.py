"""Jobs remember dead-letter replays: a job whose task was dead-lettered (``failed``) goes back
to ``queued`` when ``umt dlq replay`` puts the task back and a worker picks it up, counting the
replays and the time of the last, so the replay's own outcome is recorded.

Revision ID: 0037_job_replays
Revises: 0036_report_mail_at_least_once
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0037_job_replays"
down_revision: str | Sequence[str] | None = "0036_report_mail_at_least_once"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("replays", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("reopened_at")
        batch.drop_column("replays")
