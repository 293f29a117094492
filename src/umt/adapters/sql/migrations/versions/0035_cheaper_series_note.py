"""Analytics: the samples' statement trigger notes the touched series at half the cost. It
grouped the statement's new rows by series and took one brand per series with
``(array_agg(brand_id))[1]``: an array built per series, about half of the trigger's time on a
9,600-row COPY. It now groups by the series and the brand: a series belongs to one brand, so
this is one note per series as before, and if a caller ever stored one subject under two
brands it notes the series once per brand, which the rollup refresh reads alike (it takes one
brand of a series' notes and its earliest sample).

Revision ID: 0035_cheaper_series_note
Revises: 0034_strategy_decisions
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0035_cheaper_series_note"
down_revision: str | Sequence[str] | None = "0034_strategy_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FUNCTION = """
CREATE OR REPLACE FUNCTION metric_samples_note_series() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO metric_rollup_queue
        (organization_id, subject_id, subject_kind, metric, brand_id, since)
    SELECT organization_id, subject_id, subject_kind, metric, {brand}, min(observed_at)
    FROM stored
    GROUP BY organization_id, subject_id, subject_kind, metric{by_brand};
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_FUNCTION.format(brand="brand_id", by_brand=", brand_id"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_FUNCTION.format(brand="(array_agg(brand_id))[1]", by_brand=""))
