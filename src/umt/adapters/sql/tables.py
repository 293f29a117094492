"""The relational schema as SQLAlchemy Core tables (no ORM classes, no instrumentation).

The naming convention makes every constraint and index name deterministic, so Alembic can
address them on both PostgreSQL and SQLite and error translation can recognise them by name.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from umt.adapters.sql.types import JsonDocument, UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

SLUG_LENGTH = 80
URL_LENGTH = 2048
EMAIL_LENGTH = 320

organizations = Table(
    "organizations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    # Not unique: two tenants may well share a name (and so a derived slug).
    Column("slug", String(SLUG_LENGTH), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", String(EMAIL_LENGTH), nullable=False),
    # The whole address lower-cased: lookups and uniqueness ignore case, the original is kept.
    Column("email_normalized", String(EMAIL_LENGTH), nullable=False, unique=True),
    Column("password_hash", String(512), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    Column(
        "organization_id",
        Uuid,
        ForeignKey("organizations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "user_id",
        Uuid,
        ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("role", String(32), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(128), primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("organization_id", Uuid, nullable=False),
    Column("family_id", String(128), nullable=False, index=True),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
)

brands = Table(
    "brands",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, ForeignKey("organizations.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("slug", String(SLUG_LENGTH), nullable=False),
    Column("industry", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("website", String(URL_LENGTH), nullable=True),
    Column("voice", JsonDocument, nullable=False),
    Column("styling", JsonDocument, nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("archived_at", UtcDateTime, nullable=True),
    UniqueConstraint("organization_id", "slug"),
    Index(None, "organization_id", "status"),
    Index(None, "organization_id", "industry"),
)

audiences = Table(
    "audiences",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("brand_id", Uuid, ForeignKey("brands.id", ondelete="CASCADE"), nullable=False),
    Column("organization_id", Uuid, nullable=False, index=True),
    Column("persona_name", String(120), nullable=False),
    # casefold(persona_name): the database enforces the aggregate's case-insensitive rule too.
    Column("persona_key", String(120), nullable=False),
    Column("age_min", Integer, nullable=True),
    Column("age_max", Integer, nullable=True),
    Column("locations", JsonDocument, nullable=False),
    Column("interests", JsonDocument, nullable=False),
    Column("pain_points", JsonDocument, nullable=False),
    Column("goals", JsonDocument, nullable=False),
    Column("preferred_channels", JsonDocument, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("archived_at", UtcDateTime, nullable=True),
    UniqueConstraint("brand_id", "persona_key"),
)

competitors = Table(
    "competitors",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("brand_id", Uuid, ForeignKey("brands.id", ondelete="CASCADE"), nullable=False),
    Column("organization_id", Uuid, nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),
    Column("website", String(URL_LENGTH), nullable=True),
    Column("feed_urls", JsonDocument, nullable=False),
    Column("notes", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("archived_at", UtcDateTime, nullable=True),
    UniqueConstraint("brand_id", "name_key"),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, ForeignKey("organizations.id"), nullable=False),
    Column("brand_id", Uuid, ForeignKey("brands.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("project_type", String(40), nullable=False),
    Column("custom_type", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("goals", JsonDocument, nullable=False),
    Column("channels", JsonDocument, nullable=False),
    Column("start_date", Date, nullable=True),
    Column("end_date", Date, nullable=True),
    Column(
        "assignee_id",
        Uuid,
        ForeignKey("users.id", ondelete="SET NULL"),
        nullable=True,
        index=True,
    ),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index(None, "organization_id", "brand_id"),
    Index(None, "organization_id", "status"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Uuid, primary_key=True),
    # Delivery order. An identity on PostgreSQL; SQLite has no identity for a non-key column,
    # so SqlOutbox assigns max(position) + 1 there (safe: SQLite serialises writers).
    Column("position", BigInteger, Identity(), nullable=False, unique=True),
    Column("event_type", String(100), nullable=False),
    Column("aggregate_type", String(50), nullable=False),
    Column("aggregate_id", Uuid, nullable=False),
    Column("organization_id", Uuid, nullable=False),
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

# Idempotency keys when Redis is not configured (the PostgreSQL fallback of the issue).
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
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, nullable=False),
    Column("user_id", Uuid, nullable=False),
    Column("agent", String(100), nullable=False),
    Column("task_type", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("result", JsonDocument, nullable=True),
    Column("error", JsonDocument, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
)
Index("ix_jobs_organization_created", jobs.c.organization_id, jobs.c.created_at)

# -- the integration context (issue 4 §2-3) ------------------------------------------------

integrations = Table(
    "integrations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "organization_id",
        Uuid,
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("platform", String(40), nullable=False),
    Column("external_account_id", String(200), nullable=True),
    Column("account_name", String(300), nullable=True),
    Column("scopes", JsonDocument, nullable=False),
    Column("status", String(20), nullable=False),
    Column("error_reason", String(40), nullable=True),
    Column("connected_at", UtcDateTime, nullable=True),
    Column("token_expires_at", UtcDateTime, nullable=True),
    Column("last_sync_at", UtcDateTime, nullable=True),
    Column("last_health_check_at", UtcDateTime, nullable=True),
    Column("last_health_reason", String(40), nullable=True),
    Column("next_refresh_at", UtcDateTime, nullable=True, index=True),
    Column("next_health_check_at", UtcDateTime, nullable=True, index=True),
    Column("created_by", Uuid, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index(None, "organization_id", "created_at"),
)
# One active (not revoked) integration per organization, platform and external account.
Index(
    "uq_integrations_active_account",
    integrations.c.organization_id,
    integrations.c.platform,
    integrations.c.external_account_id,
    unique=True,
    postgresql_where=integrations.c.status != "revoked",
    sqlite_where=integrations.c.status != "revoked",
)

# Sealed credentials (key id + AES-GCM envelope; see adapters/crypto/key_ring.py), bound to
# organization_id + integration_id as associated data.
integration_credentials = Table(
    "integration_credentials",
    metadata,
    Column(
        "integration_id",
        Uuid,
        ForeignKey("integrations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("organization_id", Uuid, nullable=False),
    Column("key_id", String(64), nullable=False, index=True),
    Column("ciphertext", LargeBinary, nullable=False),
)

# OAuth authorizations in flight: hashes of the state and of the browser binding, the PKCE
# verifier sealed (owner: organization_id + id).
oauth_states = Table(
    "oauth_states",
    metadata,
    Column("state_hash", String(64), primary_key=True),
    Column("id", Uuid, nullable=False, unique=True),
    Column("binding_hash", String(64), nullable=False),
    Column(
        "organization_id",
        Uuid,
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("user_id", Uuid, nullable=False),
    Column("platform", String(40), nullable=False),
    Column("scopes", JsonDocument, nullable=False),
    Column("redirect_uri", String(URL_LENGTH), nullable=False),
    Column("return_to", String(URL_LENGTH), nullable=True),
    Column("key_id", String(64), nullable=False, index=True),
    Column("verifier_ciphertext", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)

ALL_TABLES = (
    organizations,
    users,
    memberships,
    refresh_tokens,
    brands,
    audiences,
    competitors,
    projects,
    outbox,
    idempotency_keys,
    processed_messages,
    jobs,
    integrations,
    integration_credentials,
    oauth_states,
)
