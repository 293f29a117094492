"""The integration context's tables: platform connections, their sealed credentials, and the
OAuth authorizations in flight."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, LargeBinary, String, Table, Uuid

from umt.adapters.sql.columns import (
    URL_LENGTH,
    created_at,
    id_column,
    organization_id,
    timestamps,
    version_column,
)
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

integrations = Table(
    "integrations",
    metadata,
    id_column(),
    organization_id(foreign_key=True, ondelete="CASCADE"),
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
    *timestamps(),
    version_column(),
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
    organization_id(),
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
    organization_id(foreign_key=True, ondelete="CASCADE"),
    Column("user_id", Uuid, nullable=False),
    Column("platform", String(40), nullable=False),
    Column("scopes", JsonDocument, nullable=False),
    Column("redirect_uri", String(URL_LENGTH), nullable=False),
    Column("return_to", String(URL_LENGTH), nullable=True),
    Column("key_id", String(64), nullable=False, index=True),
    Column("verifier_ciphertext", LargeBinary, nullable=False),
    created_at(),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)
