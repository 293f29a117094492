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
    Float,
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
    # the brand ids the member reaches, as a JSON list; NULL: every brand
    Column("brand_scope", JsonDocument, nullable=True),
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

# API keys: the public id finds the row, the SHA-256 of the secret proves it.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, nullable=False, index=True),
    Column("created_by", Uuid, nullable=False),
    Column("name", String(200), nullable=False),
    Column("public_id", String(32), nullable=False, unique=True),
    Column("secret_hash", String(128), nullable=False),
    Column("scopes", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    Column("last_used_at", UtcDateTime, nullable=True),
    # the key this key was made with (revoking that one revokes this one); null: by a person
    Column("parent_id", Uuid, nullable=True, index=True),
)

# The audit log: append-only (the migration adds triggers that refuse UPDATE and DELETE).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, nullable=True),
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

# -- webhooks -----------------------------------------------------------------------------------

# Outbound subscriptions; the signing secret is sealed (CredentialCipher), the rest plain.
webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, nullable=False),
    Column("url", String(URL_LENGTH), nullable=False),
    Column("event_types", JsonDocument, nullable=False),
    Column("description", String(500), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("secret_key_id", String(64), nullable=False),
    Column("secret_ciphertext", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Index(None, "organization_id", "created_at"),
)

# One event for one subscription; (subscription, source_key) makes fan-out idempotent.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, nullable=False),
    Column("subscription_id", Uuid, nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("payload", JsonDocument, nullable=False),
    Column("source_key", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
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
    Column("id", Uuid, primary_key=True),
    Column("platform", String(40), nullable=False),
    Column("received_at", UtcDateTime, nullable=False, index=True),
    Column("scheme", String(40), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("headers", JsonDocument, nullable=False),
    Column("body", LargeBinary, nullable=False),
    UniqueConstraint("platform", "digest"),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "organization_id",
        Uuid,
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("email", String(EMAIL_LENGTH), nullable=False),
    Column("email_normalized", String(EMAIL_LENGTH), nullable=False),
    Column("role", String(32), nullable=False),
    Column("brand_scope", JsonDocument, nullable=True),
    # SHA-256 of the token: the token itself exists only in the invitee's mail
    Column("token_hash", String(128), nullable=False, unique=True),
    Column("invited_by", Uuid, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("accepted_at", UtcDateTime, nullable=True),
    Column("accepted_by", Uuid, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
    Index("ix_invitations_organization_email", "organization_id", "email_normalized"),
)

# -- the integration context ---------------------------------------------------------------

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


# The generation usage ledger: one row per generator call; a row with
# ``hold_until`` set is a reservation of a call in flight (reserve-then-settle), counted
# against the budget until it is settled, released, or lapses.
generation_usage = Table(
    "generation_usage",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, nullable=False),
    Column("user_id", Uuid, nullable=True),
    Column("agent", String(60), nullable=False),
    Column("adapter", String(100), nullable=False),
    Column("model", String(200), nullable=False),
    Column("prompt_version", String(60), nullable=False),
    Column("input_tokens", BigInteger, nullable=False),
    Column("output_tokens", BigInteger, nullable=False),
    Column("cost_micros", BigInteger, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("cached", Boolean, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("hold_until", UtcDateTime, nullable=True),
    Index("ix_generation_usage_organization_id_at", "organization_id", "at"),
)

# An organization's own monthly generation budget (absent: the default from settings).
generation_budgets = Table(
    "generation_budgets",
    metadata,
    Column("organization_id", Uuid, primary_key=True),
    Column("token_limit", BigInteger, nullable=True),
    Column("cost_limit_micros", BigInteger, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
)

# -- content --------------------------------------------------------------------------------

content_pieces = Table(
    "content_pieces",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, ForeignKey("organizations.id"), nullable=False),
    Column("brand_id", Uuid, ForeignKey("brands.id"), nullable=False),
    Column("project_id", Uuid, ForeignKey("projects.id", ondelete="SET NULL"), nullable=True),
    Column("content_type", String(40), nullable=False),
    # the current version's channel, locale and title, denormalized for filters and sorting
    Column("channel", String(40), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("title", String(300), nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_reason", Text, nullable=False),
    Column("scheduled_for", UtcDateTime, nullable=True),
    Column("media", JsonDocument, nullable=False),
    Column("current_version", Integer, nullable=False),
    # title, body and keyword-like fields of the current version: what full-text search reads
    # (PostgreSQL: a GIN index on to_tsvector('english', search_text), see migration 0008)
    Column("search_text", Text, nullable=False),
    # the last experiment whose winner was promoted into the piece (migration 0011)
    Column("promoted_from_experiment", Uuid, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index(None, "organization_id", "brand_id"),
    Index(None, "organization_id", "status"),
)
# Indexes created by migrations that SQLAlchemy Core cannot describe portably (PostgreSQL
# expression indexes); the migration environment leaves them out of schema comparisons.
# ix_content_pieces_search: GIN on to_tsvector('english', search_text) (migration 0008).
MIGRATION_ONLY_INDEXES = frozenset({"ix_content_pieces_search"})

content_versions = Table(
    "content_versions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("content_id", Uuid, ForeignKey("content_pieces.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("content_type", String(40), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("locale", String(35), nullable=False),
    Column("title", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("fields", JsonDocument, nullable=False),
    Column("author", String(200), nullable=False),
    Column("provenance", JsonDocument, nullable=True),
    Column("note", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("content_id", "number"),
)

content_comments = Table(
    "content_comments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("content_id", Uuid, ForeignKey("content_pieces.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("version_number", Integer, nullable=False),
    Column("parent_id", Uuid, nullable=True),
    Column("author", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("anchor_field", String(60), nullable=True),
    Column("anchor_start", Integer, nullable=True),
    Column("anchor_end", Integer, nullable=True),
    Column("resolved", Boolean, nullable=False),
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("resolved_by", String(200), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "content_id", "position"),
)


content_templates = Table(
    "content_templates",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, ForeignKey("organizations.id"), nullable=False),
    Column("brand_id", Uuid, ForeignKey("brands.id", ondelete="CASCADE"), nullable=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False),  # casefolded: names are unique that way
    Column("content_type", String(40), nullable=False),
    Column("industry", String(100), nullable=True),
    Column("channel", String(40), nullable=True),
    Column("body", Text, nullable=False),
    Column("variables", JsonDocument, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("organization_id", "name_key"),
)

# -- experiments ----------------------------------------------------------------------------------

# The design (metrics, guardrails, arms, effect size) is one JSON document: it is read and
# written whole with the aggregate and never queried into.
experiments = Table(
    "experiments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("organization_id", Uuid, nullable=False),
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
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index(None, "organization_id", "created_at"),
)

# Exposure and conversion events, as received. The primary key (experiment, event id) makes
# ingestion idempotent; the analysis never scans this table (see experiment_units).
experiment_observations = Table(
    "experiment_observations",
    metadata,
    Column("experiment_id", Uuid, primary_key=True),
    Column("event_id", String(200), primary_key=True),
    Column("organization_id", Uuid, nullable=False),
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
    Column("organization_id", Uuid, nullable=False),
    Column("exposed", Integer, nullable=False),
    Column("covariate", Float, nullable=True),
    *(Column(f"c{i}", Integer, nullable=False) for i in range(METRIC_SLOTS)),
    *(Column(f"y{i}", Float, nullable=False) for i in range(METRIC_SLOTS)),
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
    api_keys,
    audit_log,
    webhook_subscriptions,
    webhook_deliveries,
    webhook_delivery_attempts,
    inbound_webhooks,
    invitations,
    integrations,
    integration_credentials,
    oauth_states,
    generation_usage,
    generation_budgets,
    content_pieces,
    content_versions,
    content_comments,
    content_templates,
    experiments,
    experiment_observations,
    experiment_units,
)
