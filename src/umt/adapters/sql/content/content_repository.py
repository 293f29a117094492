"""The SQL ContentRepository: pieces with their versions and comments, and library search.

Versions are append-only: ``save`` inserts the versions added since the piece was loaded and
never rewrites a stored one. Comments (a handful per piece, with a mutable resolved flag) are
replaced as a whole. Full-text search: see ``ContentFilter.text``.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    cast,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    tuple_,
    update,
)

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.content.mappers import (
    comment_to_row,
    piece_from_rows,
    piece_to_row,
    version_to_row,
)
from umt.adapters.sql.content.tables import content_comments, content_pieces, content_versions
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_datetime, parse_text
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.content.piece import ContentPiece
from umt.domain.shared.errors import InvalidValue, StaleVersion
from umt.domain.shared.ids import BrandId, ContentId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.content_repository import (
    ContentFilter,
    ContentRepository,
    relevance_key,
    search_terms,
)
from umt.ports.pagination import Page, PageRequest

SORT_KEYS = {
    "created_at": SortKey(content_pieces.c.created_at, parse_datetime),
    "updated_at": SortKey(content_pieces.c.updated_at, parse_datetime),
    "title": SortKey(content_pieces.c.title, parse_text),
}
_IMMUTABLE = ("id", "organization_id", "created_at")
_ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
RANK_SCALE = 1_000_000


def ts_vector() -> ColumnElement[Any]:
    """The indexed expression (migration 0008: ix_content_pieces_search, GIN)."""
    return func.to_tsvector(_ENGLISH, content_pieces.c.search_text)


def text_match(dialect: str, text: str) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
    """The condition a piece must meet for ``text`` and its integer relevance score."""
    if dialect == "postgresql":
        query = func.websearch_to_tsquery(_ENGLISH, text)
        score = cast(func.ts_rank(ts_vector(), query) * RANK_SCALE, Integer)
        return ts_vector().op("@@")(query), score
    terms = search_terms(text)
    if not terms:
        return literal(False), literal(0)
    lowered = func.lower(content_pieces.c.search_text)
    condition = and_(*(func.instr(lowered, term) > 0 for term in terms))
    occurrences: list[ColumnElement[Any]] = [
        (func.length(lowered) - func.length(func.replace(lowered, term, ""))) / len(term)
        for term in terms
    ]
    total: ColumnElement[Any] = occurrences[0]
    for item in occurrences[1:]:
        total = total + item
    return condition, total


def _parse_relevance(value: Any) -> int:
    if not isinstance(value, str) or not value.isdigit():
        raise InvalidValue("invalid cursor: expected a relevance", field="cursor")
    return int(value)


class SqlContentRepository(SqlRepository, ContentRepository):
    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded_versions: dict[int, int] = {}
        self._stored_numbers: dict[ContentId, int] = {}

    async def get(
        self, organization_id: OrganizationId, content_id: ContentId
    ) -> ContentPiece | None:
        result = await self._execute(
            select(content_pieces).where(
                content_pieces.c.id == content_id,
                content_pieces.c.organization_id == organization_id,
            )
        )
        row = result.mappings().first()
        if row is None:
            return None
        pieces = await self._assemble([row])
        return pieces[0]

    async def add(self, piece: ContentPiece) -> None:
        await self._execute(insert(content_pieces), piece_to_row(piece))
        rows: builtins.list[Mapping[str, Any]] = [
            version_to_row(piece.id, v) for v in piece.versions
        ]
        await self._execute(insert(content_versions), rows)
        await self._write_comments(piece)
        self._track(piece)

    async def save(self, piece: ContentPiece) -> None:
        expected = self._loaded_versions.get(id(piece))
        condition = (content_pieces.c.id == piece.id) & (
            content_pieces.c.organization_id == piece.organization_id
        )
        if expected is not None:
            condition &= content_pieces.c.version == expected
        values = {k: v for k, v in piece_to_row(piece).items() if k not in _IMMUTABLE}
        result = await self._execute(update(content_pieces).where(condition).values(values))
        if result.rowcount == 0:
            raise StaleVersion(f"content {piece.id} was changed meanwhile; reload and retry")
        stored = self._stored_numbers.get(piece.id)
        if stored is None:
            numbers = await self._execute(
                select(func.max(content_versions.c.number)).where(
                    content_versions.c.content_id == piece.id
                )
            )
            stored = int(numbers.scalar_one() or 0)
        new: builtins.list[Mapping[str, Any]] = [
            version_to_row(piece.id, v) for v in piece.versions if v.number > stored
        ]
        if new:
            await self._execute(insert(content_versions), new)
        await self._execute(
            delete(content_comments).where(content_comments.c.content_id == piece.id)
        )
        await self._write_comments(piece)
        self._track(piece)

    async def list(
        self, organization_id: OrganizationId, filters: ContentFilter, page: PageRequest
    ) -> Page[ContentPiece]:
        c = content_pieces.c
        query = select(content_pieces).where(c.organization_id == organization_id)
        if filters.brand_id is not None:
            query = query.where(c.brand_id == filters.brand_id)
        if filters.project_id is not None:
            query = query.where(c.project_id == filters.project_id)
        if filters.content_type is not None:
            query = query.where(c.content_type == filters.content_type.value)
        if filters.channel is not None:
            query = query.where(c.channel == filters.channel.value)
        if filters.status is not None:
            query = query.where(c.status == filters.status.value)
        if filters.brand_ids is not None:
            query = query.where(c.brand_id.in_(sorted(filters.brand_ids)))
        score: ColumnElement[Any] | None = None
        if filters.text is not None:
            condition, score = text_match(self._dialect, filters.text)
            query = query.where(condition)
        if page.sort == "relevance":
            if score is None:
                raise InvalidValue("sorting by relevance needs a search text", field="sort")
            return await self._by_relevance(query, score, page)
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=c.id, page=page, dialect=self._dialect
        )
        result = await self._execute(query)
        items = await self._assemble(list(result.mappings()))
        return build_page(
            items, page, sort_value=lambda p: getattr(p, page.sort), item_id=lambda p: p.id
        )

    async def _by_relevance(
        self, query: Select[Any], score: ColumnElement[Any], page: PageRequest
    ) -> Page[ContentPiece]:
        labelled = score.label("relevance")
        query = query.add_columns(labelled)
        after = page.after()
        pair = tuple_(score, content_pieces.c.id)
        if after is not None:
            bound = tuple_(
                literal(_parse_relevance(after[0]), Integer),
                literal(after[1], content_pieces.c.id.type),
            )
            query = query.where(pair < bound if page.descending else pair > bound)
        if page.descending:
            query = query.order_by(score.desc(), content_pieces.c.id.desc())
        else:
            query = query.order_by(score.asc(), content_pieces.c.id.asc())
        result = await self._execute(query.limit(page.limit + 1))
        rows = list(result.mappings())
        scores = {row["id"]: relevance_key(int(row["relevance"])) for row in rows}
        items = await self._assemble(rows)
        return build_page(items, page, sort_value=lambda p: scores[p.id], item_id=lambda p: p.id)

    async def count_for_brand(self, organization_id: OrganizationId, brand_id: BrandId) -> int:
        result = await self._execute(
            select(func.count())
            .select_from(content_pieces)
            .where(
                content_pieces.c.organization_id == organization_id,
                content_pieces.c.brand_id == brand_id,
            )
        )
        return int(result.scalar_one())

    async def _assemble(self, rows: builtins.list[Any]) -> builtins.list[ContentPiece]:
        """Pieces from their rows, with versions and comments fetched in one query each."""
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        versions: dict[Any, builtins.list[Any]] = defaultdict(list)
        comments: dict[Any, builtins.list[Any]] = defaultdict(list)
        found = await self._execute(
            select(content_versions).where(content_versions.c.content_id.in_(ids))
        )
        for version in found.mappings():
            versions[version["content_id"]].append(version)
        found = await self._execute(
            select(content_comments)
            .where(content_comments.c.content_id.in_(ids))
            .order_by(content_comments.c.position)
        )
        for comment in found.mappings():
            comments[comment["content_id"]].append(comment)
        pieces = [piece_from_rows(row, versions[row["id"]], comments[row["id"]]) for row in rows]
        for piece in pieces:
            self._track(piece)
        return pieces

    async def _write_comments(self, piece: ContentPiece) -> None:
        if piece.comments:
            await self._execute(
                insert(content_comments),
                [comment_to_row(piece.id, i, c) for i, c in enumerate(piece.comments)],
            )

    def _track(self, piece: ContentPiece) -> None:
        self._tracker.track(piece)
        self._loaded_versions[id(piece)] = piece.version
        self._stored_numbers[piece.id] = piece.current_version
