"""The channel accounts' tables: the destinations of each brand and the sealed tokens of the
destinations that carry their own (a Facebook Page's page token)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from umt.adapters.sql.columns import id_column, organization_id, timestamps, version_column
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument

channel_accounts = Table(
    "channel_accounts",
    metadata,
    id_column(),
    organization_id(foreign_key=True, ondelete="CASCADE"),
    Column("brand_id", Uuid, ForeignKey("brands.id", ondelete="CASCADE"), nullable=False),
    Column(
        "integration_id",
        Uuid,
        ForeignKey("integrations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("kind", String(40), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("currency", String(3), nullable=True),
    Column("details", JsonDocument, nullable=False),
    Column("has_own_credentials", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_reason", String(40), nullable=True),
    Column("daily_cap", Integer, nullable=True),
    Column("min_spacing_minutes", Integer, nullable=False),
    version_column(),
    *timestamps(),
    # one account per brand and platform destination
    UniqueConstraint(
        "brand_id", "kind", "external_id", name="uq_channel_accounts_brand_destination"
    ),
    Index(None, "organization_id", "brand_id", "created_at"),
)

# A destination's own token, sealed (key id + AES-GCM envelope) with organization_id +
# account id as associated data; deleted with the account.
channel_account_credentials = Table(
    "channel_account_credentials",
    metadata,
    Column(
        "account_id",
        Uuid,
        ForeignKey("channel_accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    organization_id(),
    Column("key_id", String(64), nullable=False, index=True),
    Column("ciphertext", LargeBinary, nullable=False),
)
