"""In-memory ContentPiece repository."""

from __future__ import annotations

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.content.piece import ContentPiece
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.ids import BrandId, ContentId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.content_repository import (
    ContentFilter,
    ContentRepository,
    relevance_key,
    search_terms,
    searchable_text,
)
from umt.ports.pagination import Page, PageRequest, paginate


def relevance(piece: ContentPiece, terms: list[str]) -> int:
    """0 unless every term occurs; else how often the terms occur in all."""
    text = searchable_text(piece.draft).lower()
    counts = [text.count(term) for term in terms]
    return sum(counts) if all(counts) else 0


def matches(piece: ContentPiece, filters: ContentFilter) -> bool:
    return (
        (filters.brand_id is None or piece.brand_id == filters.brand_id)
        and (filters.project_id is None or piece.project_id == filters.project_id)
        and (filters.content_type is None or piece.content_type == filters.content_type)
        and (filters.channel is None or piece.channel == filters.channel)
        and (filters.status is None or piece.status == filters.status)
        and (filters.brand_ids is None or piece.brand_id in filters.brand_ids)
    )


class InMemoryContentRepository(InMemoryRepository, ContentRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[ContentId, int] = {}

    async def get(
        self, organization_id: OrganizationId, content_id: ContentId
    ) -> ContentPiece | None:
        stored = self._store.content.get(content_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[content_id] = stored.version
        return self._tracker.track(detached(stored))

    async def add(self, piece: ContentPiece) -> None:
        snapshot = detached(piece)

        def unique() -> None:
            if piece.id in self._store.content:
                raise StaleVersion(f"content {piece.id} already exists")

        self._tx.stage(lambda: self._store.content.__setitem__(piece.id, snapshot), unique)
        self._loaded[piece.id] = piece.version
        self._tracker.track(piece)

    async def save(self, piece: ContentPiece) -> None:
        loaded = self._loaded.get(piece.id)
        check = (
            version_check(self._store.content, piece.id, loaded, "content")
            if loaded is not None
            else None
        )
        snapshot = detached(piece)
        self._tx.stage(lambda: self._store.content.__setitem__(piece.id, snapshot), check)
        self._loaded[piece.id] = piece.version
        self._tracker.track(piece)

    async def list(
        self, organization_id: OrganizationId, filters: ContentFilter, page: PageRequest
    ) -> Page[ContentPiece]:
        matching = [
            p
            for p in self._store.content.values()
            if p.organization_id == organization_id and matches(p, filters)
        ]
        terms = search_terms(filters.text) if filters.text else []
        if filters.text is not None:
            matching = [p for p in matching if terms and relevance(p, terms) > 0]
        if page.sort == "relevance":
            if filters.text is None:
                raise InvalidValue("sorting by relevance needs a search text", field="sort")
            scores = {p.id: relevance_key(relevance(p, terms)) for p in matching}
            result = paginate(
                matching, page, sort_value=lambda p: scores[p.id], item_id=lambda p: p.id
            )
        else:
            result = paginate(
                matching, page, sort_value=lambda p: getattr(p, page.sort), item_id=lambda p: p.id
            )
        return Page(items=[detached(p) for p in result.items], next_cursor=result.next_cursor)

    async def count_for_brand(self, organization_id: OrganizationId, brand_id: BrandId) -> int:
        return sum(
            1
            for p in self._store.content.values()
            if p.organization_id == organization_id and p.brand_id == brand_id
        )
