"""The experiments context's tables: experiments, the events they receive, and the per-unit
tallies the analysis reads."""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text, Uuid

from umt.adapters.sql.columns import id_column, organization_id, timestamps, version_column
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

# The design (metrics, guardrails, arms, effect size) is one JSON document: it is read and
# written whole with the aggregate and never queried into.
experiments = Table(
    "experiments",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("name", String(200), nullable=False),
    Column("hypothesis", Text, nullable=False),
    Column("mode", String(20), nullable=False),
    Column("design", JsonDocument, nullable=False),
    Column("alpha", Float, nullable=False),
    Column("power", Float, nullable=False),
    Column("required_sample_size", Integer, nullable=False),
    Column("max_sample_factor", Float, nullable=False),
    Column("salt", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("stopping_reason", String(30), nullable=True),
    Column("winner", String(64), nullable=True),
    Column("result", JsonDocument, nullable=False),
    Column("started_at", UtcDateTime, nullable=True),
    Column("stopped_at", UtcDateTime, nullable=True),
    Column("concluded_at", UtcDateTime, nullable=True),
    version_column(),
    *timestamps(),
    Index(None, "organization_id", "created_at"),
)

# Exposure and conversion events, as received. The primary key (experiment, event id) makes
# ingestion idempotent; the analysis never scans this table (see experiment_units).
experiment_observations = Table(
    "experiment_observations",
    metadata,
    Column("experiment_id", Uuid, primary_key=True),
    Column("event_id", String(200), primary_key=True),
    organization_id(),
    Column("unit_id", String(200), nullable=False),
    Column("arm", String(64), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("metric", String(64), nullable=True),
    Column("value", Float, nullable=False),
    Column("covariate", Float, nullable=True),
    Column("occurred_at", UtcDateTime, nullable=False),
)

# One row per (experiment, arm, unit), kept up to date by ingestion from the events it newly
# stored: whether the unit was exposed, its covariate, and per metric slot (0: the primary
# metric, 1..: the guardrails, in the experiment's order, frozen once it runs) the number of
# conversions ``c<i>`` and the sum of their values ``y<i>``. The analysis sums these rows per
# arm in one scan: far fewer rows than events, and no per-unit grouping at read time.
METRIC_SLOTS = 11  # the primary metric and at most 10 guardrails
experiment_units = Table(
    "experiment_units",
    metadata,
    Column("experiment_id", Uuid, primary_key=True),
    Column("arm", String(64), primary_key=True),
    Column("unit_id", String(200), primary_key=True),
    organization_id(),
    Column("exposed", Integer, nullable=False),
    Column("covariate", Float, nullable=True),
    *(Column(f"c{i}", Integer, nullable=False) for i in range(METRIC_SLOTS)),
    *(Column(f"y{i}", Float, nullable=False) for i in range(METRIC_SLOTS)),
)
