"""RecordPublishedHistory: past posts recorded as published on a sandbox account only, each
naming a piece of the same brand; never in the future; another tenant's account not found."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from tests.support.strategy import seed_account

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.content.create_content import CreateContent
from umt.application.principal import Principal
from umt.application.sandbox_demo.record_history import PastPost, RecordPublishedHistory
from umt.domain.brand.brand import Brand
from umt.domain.content.piece import ContentPiece
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.ports.unit_of_work import UnitOfWork


@pytest.fixture
def uow_factory(store: InMemoryStore) -> Callable[[], UnitOfWork]:
    ids = UuidV7Generator()
    return lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event)


async def test_past_posts_are_recorded_as_published_on_a_sandbox_account_only(
    bus: MessageBus,
    owner: Principal,
    other_owner: Principal,
    clock: FixedClock,
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    now = clock.now()
    brand: Brand = await bus.ask(CreateBrand(name="Acme"), Brand, owner)
    sandbox = await seed_account(uow_factory, owner.organization_id, brand.id, now=now)
    real = await seed_account(
        uow_factory, owner.organization_id, brand.id, now=now, kind=ChannelKind.X_ACCOUNT
    )
    piece: ContentPiece = await bus.ask(
        CreateContent(brand_id=brand.id, content_type="social_post", channel="linkedin", body="Hi"),
        ContentPiece,
        owner,
    )
    post = PastPost(
        content_id=piece.id, published_at=now - timedelta(days=3), text="Hi", remote_id="post_h1"
    )

    def record(account_id: object, *posts: PastPost) -> RecordPublishedHistory:
        return RecordPublishedHistory(
            brand_id=brand.id,
            channel_account_id=account_id,
            posts=posts,  # type: ignore[arg-type]
        )

    (made,) = await bus.ask(record(sandbox.id, post), list[Publication], owner)
    assert (made.status, made.published_at, made.remote_id) == (
        PublicationStatus.PUBLISHED,
        now - timedelta(days=3),
        "post_h1",
    )
    assert made.content_version_id == piece.current.id
    with pytest.raises(InvalidValue):  # a real platform's account gets no invented history
        await bus.ask(record(real.id, post), list[Publication], owner)
    future = PastPost(content_id=piece.id, published_at=now + timedelta(hours=1), text="x",
                      remote_id="p")  # fmt: skip
    with pytest.raises(InvalidValue):
        await bus.ask(record(sandbox.id, future), list[Publication], owner)
    with pytest.raises(NotFound):
        await bus.ask(record(sandbox.id, post), list[Publication], other_owner)
