"""Full-text search over the content library on PostgreSQL: web-search syntax, English
stemming, ts_rank ordering, and the GIN expression index the query can use."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.contracts.builders import organization, simple_brand
from tests.support.postgres import throwaway_database

from umt.adapters.sql.content.content_repository import text_match
from umt.adapters.sql.content.tables import content_pieces
from umt.adapters.sql.engine import create_engine
from umt.adapters.sql.unit_of_work import SqlUnitOfWork
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.domain.content.piece import ContentPiece
from umt.domain.content.version import Author
from umt.domain.shared.ids import ContentId, ContentVersionId
from umt.ports.content_repository import ContentFilter
from umt.ports.pagination import PageRequest

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with throwaway_database(migrate=True) as database:
        yield database


@pytest.fixture
async def engine(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(url, pool_size=2)
    async with engine.begin() as connection:
        await connection.execute(text("TRUNCATE content_pieces, brands, organizations CASCADE"))
    yield engine
    await engine.dispose()


def piece(brand: Brand, title: str, body: str, minutes: int, **fields: object) -> ContentPiece:
    return ContentPiece.create(
        id=ContentId(uuid.uuid4()),
        organization_id=brand.organization_id,
        brand_id=brand.id,
        draft=Draft(
            content_type=ContentType.BLOG_POST,
            channel=Channel.BLOG,
            title=title,
            body=body,
            fields=ContentFields(**fields),  # type: ignore[arg-type]
        ),
        version_id=ContentVersionId(uuid.uuid4()),
        author=Author.named_agent("test"),
        now=T0 + timedelta(minutes=minutes),
    )


async def seed(
    engine: AsyncEngine, *titles_bodies: tuple[str, str]
) -> tuple[Brand, list[ContentPiece]]:
    org = organization()
    brand = simple_brand(org, "Rockets")
    pieces = [piece(brand, t, b, i) for i, (t, b) in enumerate(titles_bodies)]
    async with SqlUnitOfWork(engine, UuidV7Generator(), audit=entry_for_event) as uow:
        await uow.organizations.add(org)
        await uow.brands.add(brand)
        for p in pieces:
            await uow.content.add(p)
        await uow.commit()
    return brand, pieces


async def found(engine: AsyncEngine, brand: Brand, q: str) -> list[str]:
    async with SqlUnitOfWork(engine, UuidV7Generator(), audit=entry_for_event) as uow:
        page = await uow.content.list(
            brand.organization_id,
            ContentFilter(text=q),
            PageRequest(sort="relevance", descending=True),
        )
    return [p.title for p in page.items]


async def test_web_search_syntax_and_stemming(engine: AsyncEngine) -> None:
    brand, _ = await seed(
        engine,
        ("Launch day", "The rocket launches at dawn."),
        ("Launch notes", "Rocket engines and a launch pad."),
        ("Gardening", "Tomatoes launch nothing."),
    )
    # stemming: "launched" and "launches" meet "launch"
    assert set(await found(engine, brand, "launched")) == {
        "Launch day",
        "Launch notes",
        "Gardening",
    }
    assert await found(engine, brand, '"rocket launches"') == ["Launch day"]  # a phrase
    assert set(await found(engine, brand, "launch -tomatoes")) == {"Launch day", "Launch notes"}
    assert set(await found(engine, brand, "tomatoes or engines")) == {"Gardening", "Launch notes"}
    assert await found(engine, brand, "zeppelin") == []


async def test_rank_orders_by_ts_rank(engine: AsyncEngine) -> None:
    brand, _ = await seed(
        engine,
        ("Coffee", "A note on beans."),
        ("Roast guide", "Roast dark, roast light, roast often: roasting is everything."),
        ("Weekly", "We roast on Mondays."),
    )
    assert await found(engine, brand, "roast") == ["Roast guide", "Weekly"]


async def test_the_gin_index_serves_the_match(engine: AsyncEngine) -> None:
    condition, _ = text_match("postgresql", "rocket")
    query = select(content_pieces.c.id).where(condition)
    compiled = query.compile(engine.sync_engine, compile_kwargs={"literal_binds": True})
    async with engine.connect() as connection:
        await connection.execute(text("SET enable_seqscan = off"))
        plan = (await connection.execute(text(f"EXPLAIN {compiled}"))).scalars().all()
    assert any("ix_content_pieces_search" in line for line in plan), plan
