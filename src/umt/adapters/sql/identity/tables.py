"""The identity context's tables: organizations, users, memberships, refresh tokens,
invitations and API keys."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, String, Table, Uuid

from umt.adapters.sql.columns import (
    EMAIL_LENGTH,
    SLUG_LENGTH,
    created_at,
    id_column,
    organization_id,
)
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

organizations = Table(
    "organizations",
    metadata,
    id_column(),
    Column("name", String(200), nullable=False),
    # Not unique: two tenants may well share a name (and so a derived slug).
    Column("slug", String(SLUG_LENGTH), nullable=False, index=True),
    created_at(),
)

users = Table(
    "users",
    metadata,
    id_column(),
    Column("email", String(EMAIL_LENGTH), nullable=False),
    # The whole address lower-cased: lookups and uniqueness ignore case, the original is kept.
    Column("email_normalized", String(EMAIL_LENGTH), nullable=False, unique=True),
    Column("password_hash", String(512), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("is_active", Boolean, nullable=False),
    created_at(),
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
    created_at(),
    # the brand ids the member reaches, as a JSON list; NULL: every brand
    Column("brand_scope", JsonDocument, nullable=True),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(128), primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    organization_id(),
    Column("family_id", String(128), nullable=False, index=True),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
)

invitations = Table(
    "invitations",
    metadata,
    id_column(),
    organization_id(foreign_key=True, ondelete="CASCADE"),
    Column("email", String(EMAIL_LENGTH), nullable=False),
    Column("email_normalized", String(EMAIL_LENGTH), nullable=False),
    Column("role", String(32), nullable=False),
    Column("brand_scope", JsonDocument, nullable=True),
    # SHA-256 of the token: the token itself exists only in the invitee's mail
    Column("token_hash", String(128), nullable=False, unique=True),
    Column("invited_by", Uuid, nullable=False),
    created_at(),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("accepted_at", UtcDateTime, nullable=True),
    Column("accepted_by", Uuid, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
    Index("ix_invitations_organization_email", "organization_id", "email_normalized"),
)

# API keys: the public id finds the row, the SHA-256 of the secret proves it.
api_keys = Table(
    "api_keys",
    metadata,
    id_column(),
    organization_id(index=True),
    Column("created_by", Uuid, nullable=False),
    Column("name", String(200), nullable=False),
    Column("public_id", String(32), nullable=False, unique=True),
    Column("secret_hash", String(128), nullable=False),
    Column("scopes", JsonDocument, nullable=False),
    created_at(),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    Column("last_used_at", UtcDateTime, nullable=True),
    # the key this key was made with (revoking that one revokes this one); null: by a person
    Column("parent_id", Uuid, nullable=True, index=True),
)
