"""Scheduled reports' mail at least once: each delivery records its mail's state (pending until
a sender that claimed it under a lease marks it sent), the claims taken and when it was sent.
Deliveries made before are marked sent: they were mailed (or lost) under the old rule, and
sending them now would surprise their recipients.

Revision ID: 0036_report_mail_at_least_once
Revises: 0035_cheaper_series_note
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036_report_mail_at_least_once"
down_revision: str | Sequence[str] | None = "0035_cheaper_series_note"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "ix_report_deliveries_mail_status_mail_claimed_until"


def upgrade() -> None:
    stamp = sa.DateTime(timezone=True)
    with op.batch_alter_table("report_deliveries") as batch:
        batch.add_column(
            sa.Column("mail_status", sa.String(10), nullable=False, server_default="sent")
        )
        batch.add_column(
            sa.Column("mail_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("mail_claimed_until", stamp, nullable=True))
        batch.add_column(sa.Column("mailed_at", stamp, nullable=True))
    with op.batch_alter_table("report_deliveries") as batch:  # the rows made from now say
        batch.alter_column("mail_status", server_default=None)
        batch.alter_column("mail_attempts", server_default=None)
    op.create_index(op.f(_INDEX), "report_deliveries", ["mail_status", "mail_claimed_until"])


def downgrade() -> None:
    op.drop_index(op.f(_INDEX), "report_deliveries")
    with op.batch_alter_table("report_deliveries") as batch:
        for name in ("mailed_at", "mail_claimed_until", "mail_attempts", "mail_status"):
            batch.drop_column(name)
