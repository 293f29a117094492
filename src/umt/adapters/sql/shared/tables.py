"""The tables every context relies on: the outbox and the inbox of messages, the HTTP
idempotency keys, the agents' jobs and the audit log."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Uuid,
)

from umt.adapters.sql.columns import id_column, organization_id, timestamps
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

outbox = Table(
    "outbox",
    metadata,
    id_column(),
    # Delivery order. An identity on PostgreSQL; SQLite has no identity for a non-key column,
    # so SqlOutbox assigns max(position) + 1 there (safe: SQLite serialises writers).
    Column("position", BigInteger, Identity(), nullable=False, unique=True),
    Column("event_type", String(100), nullable=False),
    Column("aggregate_type", String(50), nullable=False),
    Column("aggregate_id", Uuid, nullable=False),
    organization_id(),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("payload", JsonDocument, nullable=False),
    Column("published_at", UtcDateTime, nullable=True),
)

# The relay polls "unpublished, oldest first": a partial index keeps that scan tiny.
Index(
    "ix_outbox_unpublished",
    outbox.c.position,
    postgresql_where=outbox.c.published_at.is_(None),
    sqlite_where=outbox.c.published_at.is_(None),
)

# Idempotency keys when Redis is not configured (the PostgreSQL fallback).
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("outcome", LargeBinary, nullable=True),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)

# Tasks whose effects committed (the inbox): the key row is written in the transaction of the
# effect, so a redelivered task can never apply it twice.
processed_messages = Table(
    "processed_messages",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("processed_at", UtcDateTime, nullable=False, index=True),
)

# Work handed to agents over HTTP: what the job resource reports.
jobs = Table(
    "jobs",
    metadata,
    id_column(),
    organization_id(),
    Column("user_id", Uuid, nullable=False),
    Column("agent", String(100), nullable=False),
    Column("task_type", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("result", JsonDocument, nullable=True),
    Column("error", JsonDocument, nullable=True),
    *timestamps(),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("progress", JsonDocument, nullable=True),  # a long task's last reported progress
    Column("replays", Integer, nullable=False, server_default="0"),  # dead-letter replays
    Column("reopened_at", UtcDateTime, nullable=True),  # the last replay's reopening
)
Index("ix_jobs_organization_created", jobs.c.organization_id, jobs.c.created_at)

# The audit log: append-only (the migration adds triggers that refuse UPDATE and DELETE).
audit_log = Table(
    "audit_log",
    metadata,
    id_column(),
    organization_id(nullable=True),
    Column("actor_type", String(20), nullable=False),
    Column("actor_id", Uuid, nullable=True),
    Column("actor_on_behalf_of", Uuid, nullable=True),
    Column("action", String(100), nullable=False),
    Column("resource_type", String(50), nullable=False),
    Column("resource_id", String(200), nullable=True),
    Column("before", JsonDocument, nullable=True),
    Column("after", JsonDocument, nullable=True),
    Column("ip", String(64), nullable=True),
    Column("user_agent", String(500), nullable=True),
    Column("trace_id", String(64), nullable=True),
    Column("request_id", String(128), nullable=True),
    Column("occurred_at", UtcDateTime, nullable=False),
)
# Every query is one organization's, newest first (keyset on occurred_at, id).
Index("ix_audit_log_organization_occurred", audit_log.c.organization_id, audit_log.c.occurred_at)
