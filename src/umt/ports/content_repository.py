"""The ContentRepository port: ContentPiece aggregates (with versions and comments) by tenant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.shared.ids import BrandId, ContentId, OrganizationId, ProjectId
from umt.ports.pagination import Page, PageRequest

CONTENT_SORTS = frozenset({"created_at", "updated_at", "title", "relevance"})
RELEVANCE_DIGITS = 12  # a relevance sort value is a zero-padded integer score (see below)


@dataclass(frozen=True, slots=True)
class ContentFilter:
    brand_id: BrandId | None = None
    project_id: ProjectId | None = None
    content_type: ContentType | None = None
    channel: Channel | None = None
    status: ContentStatus | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand
    # full-text search over title, body and keyword-like fields of the current version.
    # PostgreSQL: websearch_to_tsquery over an English tsvector, relevance = ts_rank * 10^6;
    # memory and SQLite: every term must occur (case-insensitive substring), relevance = the
    # number of occurrences of the terms. Sort ``relevance`` needs a text.
    text: str | None = None


def searchable_text(draft: Draft) -> str:
    """Title, body and keyword-like fields of a draft: the text full-text search reads."""
    f = draft.fields
    parts = [
        draft.title,
        draft.body,
        f.subject,
        f.preheader,
        *f.headlines,
        *f.descriptions,
        *f.hashtags,
        *f.keywords,
        f.meta_description,
        f.call_to_action,
    ]
    return "\n".join(p for p in parts if p)


def search_terms(text: str) -> list[str]:
    """The lower-cased terms of a query for the simple (non-PostgreSQL) search; quotes and a
    leading ``-`` or ``+`` are dropped, so a websearch query still means roughly the same."""
    terms = (t.strip("\"'+-").lower() for t in text.split())
    return [t for t in dict.fromkeys(terms) if t and t != "or"]


def relevance_key(score: int) -> str:
    """A relevance score as a sort value: zero-padded, so text order is numeric order."""
    return f"{max(score, 0):0{RELEVANCE_DIGITS}d}"


class ContentRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, content_id: ContentId
    ) -> ContentPiece | None: ...

    async def add(self, piece: ContentPiece) -> None: ...

    async def save(self, piece: ContentPiece) -> None:
        """Persist a loaded piece: its new versions are appended (stored versions are never
        rewritten), comments upserted; raises StaleVersion if another writer saved meanwhile."""
        ...

    async def list(
        self, organization_id: OrganizationId, filters: ContentFilter, page: PageRequest
    ) -> Page[ContentPiece]: ...

    async def count_for_brand(self, organization_id: OrganizationId, brand_id: BrandId) -> int: ...
