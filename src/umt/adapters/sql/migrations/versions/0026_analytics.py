"""Analytics: the metric samples become the analytics context's, keyed by organization too
(no tenant's sample can shadow another's), partitioned by month of observation on PostgreSQL
(a DEFAULT partition catches every month until the maintenance loop gives it a partition of its
own; BRIN on the time), and their daily rollups.

Revision ID: 0026_analytics
Revises: 0025_job_progress
Create Date: 2026-12-17
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0026_analytics"
down_revision: str | Sequence[str] | None = "0025_job_progress"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    "subject_id, subject_kind, metric, observed_at, source, organization_id, brand_id, "
    "channel, value, raw_name, currency"
)
_NEW_KEY = ["organization_id", "subject_id", "subject_kind", "metric", "observed_at", "source"]
_OLD_KEY = ["subject_id", "subject_kind", "metric", "observed_at", "source"]
_OLD_INDEX = "ix_metric_samples_organization_id_brand_id_observed_at"


def _exact() -> sa.types.TypeEngine[Any]:
    # exact decimals: NUMERIC on PostgreSQL, their text on SQLite (see types.ExactDecimal)
    return sa.Numeric(24, 6).with_variant(sa.String(40), "sqlite")


def _sample_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.String(30), nullable=False),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("value", _exact(), nullable=False),
        sa.Column("raw_name", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=True),
    ]


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.rename_table("metric_samples", "metric_samples_before")
    op.drop_index(_OLD_INDEX, "metric_samples_before")
    if _postgresql():
        op.execute(
            "ALTER TABLE metric_samples_before RENAME CONSTRAINT pk_metric_samples "
            "TO pk_metric_samples_before"
        )
    op.create_table(
        "metric_samples",
        *_sample_columns(),
        sa.PrimaryKeyConstraint(*_NEW_KEY, name=op.f("pk_metric_samples")),
        postgresql_partition_by="RANGE (observed_at)",
    )
    op.create_index(
        op.f("ix_metric_samples_observed_at"),
        "metric_samples",
        ["observed_at"],
        postgresql_using="brin",
    )
    if _postgresql():
        op.execute("CREATE TABLE metric_samples_default PARTITION OF metric_samples DEFAULT")
    op.execute(
        f"INSERT INTO metric_samples ({_COLUMNS}) "  # noqa: S608  # constant names
        f"SELECT {_COLUMNS} FROM metric_samples_before"
    )
    op.drop_table("metric_samples_before")

    op.create_table(
        "metric_rollups",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_kind", sa.String(30), nullable=False),
        sa.Column("metric", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("brand_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("value", _exact(), nullable=False),
        sa.Column("total", _exact(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.PrimaryKeyConstraint(
            "organization_id",
            "subject_id",
            "subject_kind",
            "metric",
            "day",
            name=op.f("pk_metric_rollups"),
        ),
    )
    op.create_index(
        op.f("ix_metric_rollups_organization_id_brand_id_day_metric"),
        "metric_rollups",
        ["organization_id", "brand_id", "day", "metric"],
        postgresql_include=["channel", "currency", "value"],
    )
    # Samples synced before this revision get their rollups as their series next get a
    # sample: their totals are all kept, and the next bucket starts from zero.


def downgrade() -> None:
    op.drop_index(op.f("ix_metric_rollups_organization_id_brand_id_day_metric"), "metric_rollups")
    op.drop_table("metric_rollups")

    # PostgreSQL names indexes per schema: the key's name is given back after the swap
    key_name = "pk_metric_samples_before" if _postgresql() else "pk_metric_samples"
    op.create_table(
        "metric_samples_before",
        *_sample_columns(),
        sa.PrimaryKeyConstraint(*_OLD_KEY, name=key_name),
    )
    # two organizations' samples of one key were one before: the first is kept
    conflict = "ON CONFLICT DO NOTHING" if _postgresql() else ""
    verb = "INSERT" if _postgresql() else "INSERT OR IGNORE"
    op.execute(
        f"{verb} INTO metric_samples_before ({_COLUMNS}) "  # noqa: S608  # constant names
        f"SELECT {_COLUMNS} FROM metric_samples {conflict}"
    )
    op.drop_index(op.f("ix_metric_samples_observed_at"), "metric_samples")
    op.drop_table("metric_samples")  # with its partitions
    op.rename_table("metric_samples_before", "metric_samples")
    if _postgresql():
        op.execute(
            "ALTER TABLE metric_samples RENAME CONSTRAINT pk_metric_samples_before "
            "TO pk_metric_samples"
        )
    op.create_index(_OLD_INDEX, "metric_samples", ["organization_id", "brand_id", "observed_at"])
