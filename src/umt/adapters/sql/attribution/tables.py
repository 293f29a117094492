"""The attribution context's tables: conversion paths (their touchpoints as one JSON
document: a path is written and read whole) and the clicks on UTM-tagged links."""

from __future__ import annotations

from sqlalchemy import Column, Index, PrimaryKeyConstraint, String, Table, Uuid

from umt.adapters.sql.columns import organization_id
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import ExactDecimal, JsonDocument, UtcDateTime

KEY_LENGTH = 200

# One row per (brand, path key): a resent path is found by its key and fingerprint. Reports
# read a brand's paths by the time they end (their conversion, or their last touchpoint).
conversion_paths = Table(
    "attribution_paths",
    metadata,
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("path_key", String(KEY_LENGTH), nullable=False),
    Column("fingerprint", String(32), nullable=False),
    Column("source", String(10), nullable=False),
    Column("touchpoints", JsonDocument, nullable=False),
    Column("converted_at", UtcDateTime, nullable=True),
    Column("ended_at", UtcDateTime, nullable=False),
    Column("value", ExactDecimal, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("organization_id", "brand_id", "path_key"),
    Index("ix_attribution_paths_ended_at", "organization_id", "brand_id", "ended_at"),
)

# One row per click (the sender's event id): open until a conversion of the same visitor
# closes it into a path (``path_key``). Conversions read a visitor's open clicks; reports
# read the open ones of a range as the journeys that did not convert.
tagged_clicks = Table(
    "attribution_clicks",
    metadata,
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("event_id", String(KEY_LENGTH), nullable=False),
    Column("visitor", String(KEY_LENGTH), nullable=False),
    Column("clicked_at", UtcDateTime, nullable=False),
    Column("channel", String(100), nullable=False),
    Column("campaign", String(200), nullable=False),
    Column("content", String(200), nullable=False),
    Column("path_key", String(KEY_LENGTH), nullable=True),
    PrimaryKeyConstraint("organization_id", "brand_id", "event_id"),
    # (named: the generated names run past PostgreSQL's 63 characters)
    Index("ix_attribution_clicks_visitor", "organization_id", "brand_id", "visitor", "clicked_at"),
    Index("ix_attribution_clicks_clicked_at", "organization_id", "brand_id", "clicked_at"),
)
