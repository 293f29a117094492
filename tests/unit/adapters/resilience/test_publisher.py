"""A platform's publisher behind its breaker (``ResilientPublisher``) on a fake clock: the
platform's outages open it and it then refuses before anything is sent; a refusal of the post
or of the grant is an answer, not an outage; after the reset time one trial call goes through,
and its outcome closes or reopens the breaker."""

from __future__ import annotations

import pytest

from umt.adapters.resilience.breaker import CLOSED, HALF_OPEN, OPEN, Breaker, BreakerConfig
from umt.adapters.resilience.publisher import ResilientPublisher, is_platform_outage
from umt.domain.integration.errors import (
    ContentRejected,
    OutcomeUnknown,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
    Rejection,
    TokenExpired,
)
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import OutgoingPost, PublishedPost, Publisher, RecentPosts

TARGET = ChannelTarget(kind=ChannelKind.SANDBOX_ACCOUNT, external_id="acct-1")
CREDENTIALS = Credentials(access_token="t0k3n")
POST = OutgoingPost(reference="ref-1", text="Fresh beans")
THRESHOLD, RESET = 3, 30.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


class ScriptedPublisher(Publisher):
    """A publisher that counts the calls reaching it and raises ``error`` while one is set."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.error: PlatformError | None = None

    @property
    def platform(self) -> Platform:
        return Platform.SANDBOX

    def _answer(self, name: str) -> None:
        self.calls.append(name)
        if self.error is not None:
            raise self.error

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        self._answer("publish")
        return PublishedPost(remote_id=f"post-{len(self.calls)}", reference=post.reference)

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        self._answer("find")
        return None

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        self._answer("recent")
        return RecentPosts(posts=(), cursor=None)

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        self._answer("delete")

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        self._answer("comment")
        return "comment-1"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> Breaker:
    return Breaker(
        "platform:sandbox",
        BreakerConfig(failure_threshold=THRESHOLD, reset_seconds=RESET),
        clock=clock,
        is_failure=is_platform_outage,
    )


@pytest.fixture
def inner() -> ScriptedPublisher:
    return ScriptedPublisher()


@pytest.fixture
def publisher(inner: ScriptedPublisher, breaker: Breaker) -> ResilientPublisher:
    return ResilientPublisher(inner, breaker)


async def fail(
    publisher: ResilientPublisher, inner: ScriptedPublisher, error: PlatformError
) -> None:
    inner.error = error
    with pytest.raises(type(error)):
        await publisher.publish(TARGET, CREDENTIALS, POST)


async def test_outages_open_it_and_then_nothing_reaches_the_platform(
    publisher: ResilientPublisher, inner: ScriptedPublisher, breaker: Breaker
) -> None:
    for _ in range(THRESHOLD - 1):
        await fail(publisher, inner, PlatformUnavailable("503", platform="sandbox"))
    assert breaker.state == CLOSED
    # a lost answer is an outage too (the platform did not answer us)
    await fail(publisher, inner, OutcomeUnknown("504 after the write", platform="sandbox"))
    assert breaker.state == OPEN
    reached = len(inner.calls)

    inner.error = None
    for call in (
        publisher.publish(TARGET, CREDENTIALS, POST),
        publisher.find(TARGET, CREDENTIALS, "ref-1"),
        publisher.comment(TARGET, CREDENTIALS, "post-1", "#beans"),
    ):
        with pytest.raises(PlatformUnavailable) as refused:
            await call
        assert not isinstance(refused.value, OutcomeUnknown)  # refused before any effect
        assert "circuit open" in refused.value.message

    assert len(inner.calls) == reached  # nothing was sent while open


async def test_a_refusal_of_the_post_or_the_grant_is_an_answer_not_an_outage(
    publisher: ResilientPublisher, inner: ScriptedPublisher, breaker: Breaker
) -> None:
    refusals: list[PlatformError] = [
        ContentRejected("duplicate", platform="sandbox", rejection=Rejection.DUPLICATE),
        TokenExpired("expired", platform="sandbox"),
        RateLimited("slow down", platform="sandbox", retry_after_seconds=60),
    ]
    for _ in range(THRESHOLD):
        for error in refusals:
            await fail(publisher, inner, error)

    assert breaker.state == CLOSED
    inner.error = None
    published = await publisher.publish(TARGET, CREDENTIALS, POST)
    assert published.reference == "ref-1"
    assert len(inner.calls) == THRESHOLD * len(refusals) + 1


async def test_an_answer_between_outages_starts_the_count_again(
    publisher: ResilientPublisher, inner: ScriptedPublisher, breaker: Breaker
) -> None:
    for _ in range(THRESHOLD - 1):
        await fail(publisher, inner, PlatformUnavailable("503", platform="sandbox"))
    inner.error = None
    await publisher.find(TARGET, CREDENTIALS, "ref-1")
    for _ in range(THRESHOLD - 1):
        await fail(publisher, inner, PlatformUnavailable("503", platform="sandbox"))

    assert breaker.state == CLOSED


async def test_after_the_reset_time_one_trial_call_closes_it_when_it_succeeds(
    publisher: ResilientPublisher, inner: ScriptedPublisher, breaker: Breaker, clock: FakeClock
) -> None:
    for _ in range(THRESHOLD):
        await fail(publisher, inner, PlatformUnavailable("503", platform="sandbox"))
    clock.now += RESET - 1
    inner.error = None
    with pytest.raises(PlatformUnavailable):
        await publisher.publish(TARGET, CREDENTIALS, POST)  # still open
    reached = len(inner.calls)

    clock.now += 1
    published = await publisher.publish(TARGET, CREDENTIALS, POST)

    assert published.remote_id
    assert len(inner.calls) == reached + 1  # the trial reached the platform
    assert breaker.state == CLOSED
    await publisher.publish(TARGET, CREDENTIALS, POST)
    assert len(inner.calls) == reached + 2


async def test_a_failed_trial_opens_it_again_for_another_reset_time(
    publisher: ResilientPublisher, inner: ScriptedPublisher, breaker: Breaker, clock: FakeClock
) -> None:
    for _ in range(THRESHOLD):
        await fail(publisher, inner, PlatformUnavailable("503", platform="sandbox"))
    clock.now += RESET

    await fail(publisher, inner, PlatformUnavailable("still down", platform="sandbox"))

    assert breaker.state == OPEN
    reached = len(inner.calls)
    inner.error = None
    with pytest.raises(PlatformUnavailable):
        await publisher.publish(TARGET, CREDENTIALS, POST)
    assert len(inner.calls) == reached


async def test_only_one_trial_is_let_through_while_half_open(
    publisher: ResilientPublisher, inner: ScriptedPublisher, breaker: Breaker, clock: FakeClock
) -> None:
    for _ in range(THRESHOLD):
        await fail(publisher, inner, PlatformUnavailable("503", platform="sandbox"))
    clock.now += RESET
    ticket = breaker.admit()  # a trial is in flight
    assert breaker.state == HALF_OPEN
    reached = len(inner.calls)
    inner.error = None

    with pytest.raises(PlatformUnavailable):
        await publisher.publish(TARGET, CREDENTIALS, POST)

    assert len(inner.calls) == reached
    breaker.record(ticket, None)
    assert breaker.state == CLOSED
