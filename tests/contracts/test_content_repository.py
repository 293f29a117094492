"""Contract of ContentRepository, run against every adapter (see conftest.uow_factory)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from tests.contracts.builders import T0, organization, simple_brand, user
from tests.contracts.conftest import UowFactory

from umt.domain.brand.brand import Brand
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.review import TextAnchor
from umt.domain.content.version import Author, MediaKind, MediaReference, Provenance
from umt.domain.identity.model import User
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import CommentId, ContentId, ContentVersionId, UserId
from umt.domain.shared.values import Url
from umt.ports.content_repository import ContentFilter
from umt.ports.pagination import PageRequest
from umt.ports.unit_of_work import UnitOfWork

LATER = T0 + timedelta(hours=1)


async def setup_brand(factory: UowFactory) -> tuple[Brand, User]:
    org = organization()
    brand = simple_brand(org, "Rockets")
    member = user()
    async with factory() as uow:
        await uow.organizations.add(org)
        await uow.brands.add(brand)
        await uow.users.add(member)
        await uow.commit()
    return brand, member


def piece(
    brand: Brand,
    title: str,
    body: str = "Plain words.",
    *,
    content_type: ContentType = ContentType.SOCIAL_POST,
    channel: Channel = Channel.LINKEDIN,
    minutes: int = 0,
) -> ContentPiece:
    return ContentPiece.create(
        id=ContentId(uuid4()),
        organization_id=brand.organization_id,
        brand_id=brand.id,
        draft=Draft(content_type=content_type, channel=channel, title=title, body=body),
        version_id=ContentVersionId(uuid4()),
        author=Author.named_agent("content-creation"),
        now=T0 + timedelta(minutes=minutes),
    )


async def add(factory: UowFactory, *pieces: ContentPiece) -> None:
    async with factory() as uow:
        for p in pieces:
            await uow.content.add(p)
        await uow.commit()


async def load(factory: UowFactory, p: ContentPiece) -> ContentPiece:
    async with factory() as uow:
        loaded = await uow.content.get(p.organization_id, p.id)
    assert loaded is not None
    return loaded


async def save_and_commit(uow: UnitOfWork, p: ContentPiece) -> None:
    """An adapter may detect a conflict when saving or only when committing: both count."""
    await uow.content.save(p)
    await uow.commit()


async def search(factory: UowFactory, brand: Brand, text: str, *, limit: int = 10) -> list[UUID]:
    collected: list[UUID] = []
    cursor = None
    for _ in range(20):
        request = PageRequest(limit=limit, cursor=cursor, sort="relevance", descending=True)
        async with factory() as uow:
            page = await uow.content.list(brand.organization_id, ContentFilter(text=text), request)
        collected.extend(p.id for p in page.items)
        cursor = page.next_cursor
        if cursor is None:
            return collected
    raise AssertionError("pagination did not terminate")


class TestContentRepository:
    async def test_every_field_survives_a_round_trip(self, uow_factory: UowFactory) -> None:
        brand, member = await setup_brand(uow_factory)
        p = piece(brand, "Launch day")
        p.media = (
            MediaReference(
                url=Url("https://cdn.example.com/a.png"), kind=MediaKind.IMAGE, alt_text="A rocket"
            ),
        )
        await add(uow_factory, p)
        async with uow_factory() as uow:
            loaded = await uow.content.get(p.organization_id, p.id)
            assert loaded is not None
            draft = Draft(
                content_type=ContentType.SOCIAL_POST,
                channel=Channel.X,
                title="Launch day!",
                body="We launch today.",
                fields=ContentFields(hashtags=("launch", "rockets"), call_to_action="Sign up"),
                locale="en-GB",
            )
            loaded.revise(
                draft,
                version_id=ContentVersionId(uuid4()),
                author=Author.user(UserId(member.id)),
                now=LATER,
                provenance=Provenance(adapter="offline", model="composer", seed=7, cost=0.0),
                note="punchier",
            )
            loaded.add_comment(
                comment_id=CommentId(uuid4()),
                author=Author.user(UserId(member.id)),
                body="Too loud?",
                now=LATER,
                anchor=TextAnchor(field="title", start=0, end=6),
            )
            await uow.content.save(loaded)
            await uow.commit()

        again = await load(uow_factory, p)
        assert again == loaded
        assert again.current_version == 2
        assert again.version_numbered(1).draft.title == "Launch day"
        assert again.current.provenance == Provenance(
            adapter="offline", model="composer", seed=7, cost=0.0
        )
        assert again.comments[0].anchor == TextAnchor(field="title", start=0, end=6)
        assert again.media[0].alt_text == "A rocket"
        assert again.channel is Channel.X
        assert again.events == []

    async def test_another_organization_sees_nothing(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup_brand(uow_factory)
        p = piece(brand, "Launch")
        await add(uow_factory, p)
        other = organization("Other")
        async with uow_factory() as uow:
            await uow.organizations.add(other)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.content.get(other.id, p.id) is None
            page = await uow.content.list(other.id, ContentFilter(), PageRequest())
            assert page.items == []
            assert await uow.content.count_for_brand(other.id, brand.id) == 0
            assert await uow.content.count_for_brand(brand.organization_id, brand.id) == 1

    async def test_a_concurrent_save_is_stale(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup_brand(uow_factory)
        p = piece(brand, "Launch")
        await add(uow_factory, p)
        reviewer = Author.named_agent("reviewer")
        async with uow_factory() as slow:
            mine = await slow.content.get(p.organization_id, p.id)
            assert mine is not None
            async with uow_factory() as fast:
                theirs = await fast.content.get(p.organization_id, p.id)
                assert theirs is not None
                theirs.archive(now=LATER)
                await fast.content.save(theirs)
                await fast.commit()
            mine.submit_for_review(by=reviewer, now=LATER)
            with pytest.raises(StaleVersion):
                await save_and_commit(slow, mine)
        assert (await load(uow_factory, p)).status is ContentStatus.ARCHIVED

    async def test_events_are_committed_to_the_outbox(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup_brand(uow_factory)
        p = piece(brand, "Launch")
        async with uow_factory() as uow:
            await uow.content.add(p)
            await uow.commit()
            events = uow.collect_events()
        assert [e.event_type for e in events] == ["content.created"]

    async def test_filters_and_keyset_pages(self, uow_factory: UowFactory) -> None:
        brand, _ = await setup_brand(uow_factory)
        pieces = [
            piece(brand, f"Post {i}", channel=Channel.X if i % 2 else Channel.LINKEDIN, minutes=i)
            for i in range(5)
        ]
        email = piece(
            brand, "Mail", content_type=ContentType.EMAIL, channel=Channel.EMAIL, minutes=9
        )
        await add(uow_factory, *pieces, email)
        collected: list[UUID] = []
        cursor = None
        while True:
            async with uow_factory() as uow:
                page = await uow.content.list(
                    brand.organization_id,
                    ContentFilter(content_type=ContentType.SOCIAL_POST),
                    PageRequest(limit=2, cursor=cursor),
                )
            collected.extend(p.id for p in page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
        assert collected == [p.id for p in pieces]
        async with uow_factory() as uow:
            x = await uow.content.list(
                brand.organization_id, ContentFilter(channel=Channel.X), PageRequest()
            )
            archived = await uow.content.list(
                brand.organization_id,
                ContentFilter(status=ContentStatus.ARCHIVED),
                PageRequest(),
            )
            by_title = await uow.content.list(
                brand.organization_id, ContentFilter(), PageRequest(sort="title", descending=True)
            )
        assert [p.id for p in x.items] == [pieces[1].id, pieces[3].id]
        assert archived.items == []
        assert [p.title for p in by_title.items] == [
            "Post 4",
            "Post 3",
            "Post 2",
            "Post 1",
            "Post 0",
            "Mail",
        ]

    async def test_search_finds_every_term_and_ranks_by_relevance(
        self, uow_factory: UowFactory
    ) -> None:
        brand, _ = await setup_brand(uow_factory)
        strong = piece(brand, "Rocket launch", "The rocket launch is on. Rocket fans, launch day!")
        weak = piece(brand, "Weekly notes", "A rocket and a launch, mentioned once.", minutes=1)
        unrelated = piece(brand, "Gardening", "Tomatoes need sun.", minutes=2)
        half = piece(brand, "Rocket only", "Nothing about the other word.", minutes=3)
        await add(uow_factory, strong, weak, unrelated, half)

        assert await search(uow_factory, brand, "rocket launch") == [strong.id, weak.id]
        assert await search(uow_factory, brand, "rocket launch", limit=1) == [strong.id, weak.id]
        assert set(await search(uow_factory, brand, "tomatoes")) == {unrelated.id}
        assert await search(uow_factory, brand, "zeppelin") == []
