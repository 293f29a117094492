"""The first comment under a published post, through the ticker's hand-over, the engine and
the ``publication-first-comments`` loop, against the sandbox: its own step after the remote id
is saved; its failures never re-publish nor change ``published``; refusals are retried a
bounded number of times; a lost answer is never re-sent (the sandbox's record counts the
comments)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from tests.unit.application.publishing_dispatch.conftest import CONFIG, Desk

from umt.adapters.system.clock import FixedClock
from umt.application.publishing_dispatch.engine_records import EngineDependencies
from umt.application.publishing_dispatch.first_comment import FirstCommentStep
from umt.application.publishing_dispatch.first_comment_loop import FirstCommentLoop
from umt.application.publishing_dispatch.ticker import PublicationTicker
from umt.domain.integration.errors import CommentsUnsupported
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.first_comment import CommentStatus
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus

C = CommentStatus
HASHTAGS = "#coffee #spring"


@pytest.fixture
def loop(desk: Desk, clock: FixedClock) -> FirstCommentLoop:
    return FirstCommentLoop(
        desk.uow_factory,
        {Platform.SANDBOX: desk.connector},
        desk.credentials,
        clock=clock,
        config=CONFIG,
    )


async def published(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker, **kw: Any
) -> Publication:
    p = await desk.schedule(due_in=timedelta(minutes=1), first_comment=HASHTAGS, **kw)
    clock.advance(timedelta(minutes=1))
    await ticker.tick()
    assert await desk.deliver_due() == 1
    stored = await desk.load(p)
    assert stored.status is PublicationStatus.PUBLISHED
    return stored


async def comments(desk: Desk, p: Publication) -> list[str]:
    assert p.remote_id is not None
    return [c.text for c in await desk.network.posts.comments(p.remote_id)]


def then_before_the_comment(desk: Desk, fault: Any) -> None:
    """``fault()`` switched on the moment the post is made (it hits the comment only)."""
    original = desk.connector.publish

    async def publish_then_fault(*args: Any, **kwargs: Any) -> Any:
        answer = await original(*args, **kwargs)
        fault()
        return answer

    desk.connector.publish = publish_then_fault  # type: ignore[method-assign]


async def test_the_first_comment_is_posted_once_under_the_published_post(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker, loop: FirstCommentLoop
) -> None:
    p = await published(desk, clock, ticker)

    delivery = p.comment_delivery
    assert delivery is not None
    assert delivery.status is C.POSTED
    assert delivery.attempts == 1
    assert delivery.comment_id
    stored_comments = await desk.network.posts.comments(p.remote_id or "")
    assert [(c.id, c.text) for c in stored_comments] == [(delivery.comment_id, HASHTAGS)]
    assert (await loop.run_once()).due == 0  # nothing left for the loop
    assert await desk.posts(p) == 1
    assert len(desk.events("publication.published")) == 1


async def test_without_a_first_comment_nothing_is_commented(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    p = await desk.schedule(due_in=timedelta(minutes=1))
    clock.advance(timedelta(minutes=1))
    await ticker.tick()
    await desk.deliver_due()

    stored = await desk.load(p)
    assert stored.status is PublicationStatus.PUBLISHED
    assert stored.comment_delivery is None
    assert await comments(desk, stored) == []


async def test_a_rate_limited_comment_is_posted_by_the_loop_after_the_wait(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker, loop: FirstCommentLoop
) -> None:
    then_before_the_comment(desk, lambda: desk.network.faults.rate_limit(90, calls=1))
    p = await published(desk, clock, ticker)

    delivery = p.comment_delivery
    assert delivery is not None
    assert (delivery.status, delivery.reason) == (C.PENDING, FailureReason.RATE_LIMITED)
    assert delivery.next_attempt_at == clock.now() + timedelta(seconds=90)
    assert await comments(desk, p) == []
    clock.advance(timedelta(seconds=89))
    assert (await loop.run_once()).due == 0  # not before the platform's time

    clock.advance(timedelta(seconds=1))
    report = await loop.run_once()

    assert report.outcomes == {"posted": 1}
    stored = await desk.load(p)
    assert stored.status is PublicationStatus.PUBLISHED
    assert stored.comment_delivery is not None
    assert (stored.comment_delivery.status, stored.comment_delivery.attempts) == (C.POSTED, 2)
    assert await comments(desk, stored) == [HASHTAGS]
    assert await desk.posts(p) == 1  # the post itself was never sent again


async def test_an_outage_is_retried_a_bounded_number_of_times_then_failed(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker, loop: FirstCommentLoop
) -> None:
    then_before_the_comment(desk, desk.network.faults.outage)
    p = await published(desk, clock, ticker)
    waits = []
    for _ in range(CONFIG.max_attempts + 2):
        current = (await desk.load(p)).comment_delivery
        assert current is not None
        if current.status is not C.PENDING:
            break
        assert current.next_attempt_at is not None
        waits.append(current.next_attempt_at - clock.now())
        clock.advance(current.next_attempt_at - clock.now())
        await loop.run_once()

    assert waits == [CONFIG.retry_base, CONFIG.retry_base * 2]
    stored = await desk.load(p)
    assert stored.status is PublicationStatus.PUBLISHED
    delivery = stored.comment_delivery
    assert delivery is not None
    assert (delivery.status, delivery.reason) == (C.FAILED, FailureReason.PLATFORM_UNAVAILABLE)
    assert delivery.attempts == CONFIG.max_attempts
    clock.advance(CONFIG.retry_max)
    assert (await loop.run_once()).due == 0
    assert await desk.posts(p) == 1


async def test_a_lost_answer_is_failed_and_never_sent_again(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker, loop: FirstCommentLoop
) -> None:
    then_before_the_comment(desk, lambda: desk.network.faults.lose_responses(calls=1))
    p = await published(desk, clock, ticker)

    delivery = p.comment_delivery
    assert delivery is not None
    assert (delivery.status, delivery.reason) == (C.FAILED, FailureReason.UNKNOWN_OUTCOME)
    clock.advance(timedelta(hours=1))
    assert (await loop.run_once()).due == 0
    assert await comments(desk, p) == [HASHTAGS]  # it was made once, and only once


async def test_a_platform_without_comments_records_it_as_unsupported(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    async def no_comments(*args: Any, **kwargs: Any) -> str:
        raise CommentsUnsupported("an email campaign has no comments", platform="sandbox")

    desk.connector.comment = no_comments  # type: ignore[method-assign]
    p = await published(desk, clock, ticker)

    delivery = p.comment_delivery
    assert delivery is not None
    assert delivery.status is C.UNSUPPORTED
    assert delivery.detail == "an email campaign has no comments"
    assert delivery.next_attempt_at is None


async def test_a_process_that_died_mid_comment_is_failed_by_the_loop_not_resent(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker, loop: FirstCommentLoop
) -> None:
    original = desk.connector.comment

    async def comment_then_die(*args: Any, **kwargs: Any) -> str:
        await original(*args, **kwargs)
        raise KeyboardInterrupt

    desk.connector.comment = comment_then_die  # type: ignore[method-assign]
    p = await desk.schedule(due_in=timedelta(minutes=1), first_comment=HASHTAGS)
    clock.advance(timedelta(minutes=1))
    await ticker.tick()
    with pytest.raises(KeyboardInterrupt):
        await desk.deliver_due()
    del desk.connector.comment
    posting = await desk.load(p)
    assert posting.status is PublicationStatus.PUBLISHED  # the remote id came first
    assert posting.comment_delivery is not None
    assert posting.comment_delivery.status is C.POSTING
    assert (await loop.run_once()).due == 0  # within its deadline: left alone

    clock.advance(CONFIG.lease)
    assert (await loop.run_once()).outcomes == {"failed": 1}

    stored = await desk.load(p)
    assert stored.comment_delivery is not None
    assert stored.comment_delivery.reason is FailureReason.UNKNOWN_OUTCOME
    assert await comments(desk, stored) == [HASHTAGS]


async def test_a_comment_in_flight_is_not_taken_by_a_second_process(
    desk: Desk, clock: FixedClock, ticker: PublicationTicker
) -> None:
    then_before_the_comment(desk, lambda: desk.network.faults.rate_limit(1, calls=1))
    p = await published(desk, clock, ticker)
    clock.advance(timedelta(seconds=1))
    original, entered, release = desk.connector.comment, asyncio.Event(), asyncio.Event()

    async def slow_comment(*args: Any, **kwargs: Any) -> str:
        entered.set()
        await release.wait()
        return await original(*args, **kwargs)

    desk.connector.comment = slow_comment  # type: ignore[method-assign]
    deps = EngineDependencies(
        clock=clock,
        publishers={Platform.SANDBOX: desk.connector},
        channel_credentials=desk.credentials,
        config=CONFIG,
    )
    first = asyncio.create_task(
        FirstCommentStep(desk.uow_factory(), deps).run(p.organization_id, p.id)
    )
    await entered.wait()

    second = await FirstCommentStep(desk.uow_factory(), deps).run(p.organization_id, p.id)
    release.set()
    report = await first

    assert second is None
    assert report is not None
    assert report.status is C.POSTED
    assert await comments(desk, p) == [HASHTAGS]
