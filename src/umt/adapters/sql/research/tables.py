"""The research context's tables: the sources a crawl reads per competitor (with their
validators for a conditional GET), the documents found (never their text), and the crawls."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    Uuid,
)

from umt.adapters.sql.columns import URL_LENGTH, created_at, id_column, organization_id, timestamps
from umt.adapters.sql.metadata import metadata
from umt.adapters.sql.types import JsonDocument, UtcDateTime

# One row per (brand, competitor, URL): a feed, a sitemap or the website read for links.
research_sources = Table(
    "research_sources",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("competitor_id", Uuid, nullable=False),
    Column("url", String(URL_LENGTH), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("etag", String(500), nullable=True),
    Column("last_modified", String(100), nullable=True),
    Column("fetched_at", UtcDateTime, nullable=True),
    Column("status", Integer, nullable=True),
    Column("failure", String(40), nullable=True),
    Column("listed", Integer, nullable=False),
    created_at(),
    UniqueConstraint("brand_id", "competitor_id", "url", name="uq_research_sources_url"),
    Index(None, "organization_id", "brand_id"),
)

# One row per (brand, URL): a competitor's page as last read.
research_documents = Table(
    "research_documents",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("competitor_id", Uuid, nullable=False),
    Column("url", String(URL_LENGTH), nullable=False),
    Column("source_url", String(URL_LENGTH), nullable=False),
    Column("title", String(500), nullable=False),
    Column("published_at", UtcDateTime, nullable=True),
    Column("text_hash", String(64), nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("keyphrases", JsonDocument, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("cluster", String(200), nullable=True),
    Column("near_duplicate_of", String(URL_LENGTH), nullable=True),
    Column("etag", String(500), nullable=True),
    Column("last_modified", String(100), nullable=True),
    Column("fetched_at", UtcDateTime, nullable=False),
    *timestamps(),
    UniqueConstraint("brand_id", "url", name="uq_research_documents_url"),
    Index(None, "organization_id", "brand_id", "fetched_at"),
)

# One row per finished crawl.
research_crawls = Table(
    "research_crawls",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("competitor_ids", JsonDocument, nullable=False),
    Column("requested_by", Uuid, nullable=False),
    Column("status", String(20), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("counts", JsonDocument, nullable=False),
    Column("failures", JsonDocument, nullable=False),
    Index(None, "organization_id", "brand_id", "started_at"),
)

# One row per brand enrichment: the suggestions (with their decisions), the findings and
# the failures are read and written whole.
brand_enrichments = Table(
    "brand_enrichments",
    metadata,
    id_column(),
    organization_id(),
    Column("brand_id", Uuid, nullable=False),
    Column("url", String(URL_LENGTH), nullable=False),
    Column("requested_by", Uuid, nullable=False),
    Column("suggestions", JsonDocument, nullable=False),
    Column("findings", JsonDocument, nullable=False),
    Column("failures", JsonDocument, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("reviewed_at", UtcDateTime, nullable=True),
    Index(None, "organization_id", "brand_id", "created_at"),
)
