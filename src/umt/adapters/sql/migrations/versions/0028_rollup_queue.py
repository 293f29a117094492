"""Analytics: the rollup queue. On PostgreSQL every statement that stores metric samples notes
the series it touched (one row per series: its brand and earliest new sample) in
``metric_rollup_queue``, by a statement-level trigger reading the statement's transition table
(what a COPY, an INSERT ... ON CONFLICT DO NOTHING or a platform sync actually inserted, and
nothing a conflict skipped), and the rollup refresh rebuilds those series' daily buckets later.
A bulk load then costs about what a plain COPY does. The queue is a heap with no key and no
index: appended to in bulk, read whole.

Revision ID: 0028_rollup_queue
Revises: 0027_brand_enrichments
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_rollup_queue"
down_revision: str | Sequence[str] | None = "0027_brand_enrichments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOTE_FUNCTION = """
CREATE FUNCTION metric_samples_note_series() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO metric_rollup_queue
        (organization_id, subject_id, subject_kind, metric, brand_id, since)
    SELECT organization_id, subject_id, subject_kind, metric, (array_agg(brand_id))[1],
        min(observed_at)
    FROM stored
    GROUP BY organization_id, subject_id, subject_kind, metric;
    RETURN NULL;
END
$$
"""
_NOTE_TRIGGER = """
CREATE TRIGGER metric_samples_note_series
AFTER INSERT ON metric_samples
REFERENCING NEW TABLE AS stored
FOR EACH STATEMENT EXECUTE FUNCTION metric_samples_note_series()
"""


def upgrade() -> None:
    op.create_table(
        "metric_rollup_queue",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.String(30), nullable=False),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_NOTE_FUNCTION)
        op.execute(_NOTE_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER metric_samples_note_series ON metric_samples")
        op.execute("DROP FUNCTION metric_samples_note_series()")
    op.drop_table("metric_rollup_queue")
