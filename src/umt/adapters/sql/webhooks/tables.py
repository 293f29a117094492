"""The webhooks context's tables: outbound subscriptions, their deliveries and attempts, and
the verified inbound platform webhooks."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from umt.adapters.sql.columns import (
    URL_LENGTH,
    id_column,
    organization_id,
    timestamps,
    version_column,
)
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

# Outbound subscriptions; the signing secret is sealed (CredentialCipher), the rest plain.
webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    id_column(),
    organization_id(),
    Column("url", String(URL_LENGTH), nullable=False),
    Column("event_types", JsonDocument, nullable=False),
    Column("description", String(500), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("secret_key_id", String(64), nullable=False),
    Column("secret_ciphertext", LargeBinary, nullable=False),
    *timestamps(),
    version_column(),
    Index(None, "organization_id", "created_at"),
)

# One event for one subscription; (subscription, source_key) makes fan-out idempotent.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    id_column(),
    organization_id(),
    Column("subscription_id", Uuid, nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("payload", JsonDocument, nullable=False),
    Column("source_key", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    *timestamps(),
    Column("last_status_code", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("replay_of", Uuid, nullable=True),
    UniqueConstraint("subscription_id", "source_key"),
    Index(None, "subscription_id", "created_at"),
)

# The senders poll "pending and due, soonest first": a partial index keeps that scan small.
Index(
    "ix_webhook_deliveries_due",
    webhook_deliveries.c.next_attempt_at,
    postgresql_where=webhook_deliveries.c.status == "pending",
    sqlite_where=webhook_deliveries.c.status == "pending",
)

webhook_delivery_attempts = Table(
    "webhook_delivery_attempts",
    metadata,
    Column("delivery_id", Uuid, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("attempted_at", UtcDateTime, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("response_excerpt", Text, nullable=False),
    Column("error", Text, nullable=True),
)

# Verified platform webhooks, stored before answering; (platform, digest) refuses a replay.
inbound_webhooks = Table(
    "inbound_webhooks",
    metadata,
    id_column(),
    Column("platform", String(40), nullable=False),
    Column("received_at", UtcDateTime, nullable=False, index=True),
    Column("scheme", String(40), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("headers", JsonDocument, nullable=False),
    Column("body", LargeBinary, nullable=False),
    UniqueConstraint("platform", "digest"),
)
