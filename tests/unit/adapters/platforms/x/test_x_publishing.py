"""X as a ChannelDiscovery, Publisher and MetricSource against a loopback fake of the X API v2."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.fake_platform import CLIENT_ID, CLIENT_SECRET, NOW
from tests.unit.adapters.platforms.lost_response import LoseResponses
from tests.unit.adapters.platforms.x import fake_posts
from tests.unit.adapters.platforms.x.fake_posts import USER_ID

from umt.adapters.httpx.egress import guarded_client
from umt.adapters.platforms.apps import PlatformAppConfig
from umt.adapters.platforms.http import CLIENT_HEADERS
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.reference_marker import MARKER_LENGTH, marker
from umt.adapters.platforms.social import social_connectors
from umt.adapters.platforms.x import XConnector
from umt.domain.integration.errors import (
    ContentRejected,
    OutcomeUnknown,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    Rejection,
    TokenExpired,
)
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.metrics import Metric
from umt.domain.shared.network import NetworkPolicy
from umt.ports.channel_discovery import ChannelDiscovery
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricSource
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaItem, MediaKind, OutgoingPost, Publisher

TOKEN = Credentials(access_token="tok-live-x")
ACCOUNT = ChannelTarget(kind=ChannelKind.X_ACCOUNT, external_id=USER_ID)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, LoseResponses]]:
    app = LoseResponses(fake_posts.x_app(), hang_seconds=2.0)
    with serve_asgi(app) as url:
        yield url, app


@pytest.fixture
def base(server: tuple[str, LoseResponses]) -> str:
    fake_posts.reset()
    server[1].armed.clear()
    return server[0]


@pytest.fixture
def lose(server: tuple[str, LoseResponses]) -> LoseResponses:
    return server[1]


def connector(base: str, *, timeout: float = 10.0) -> XConnector:
    client = guarded_client(
        NetworkPolicy(allow_private=True),
        timeout=httpx.Timeout(timeout, connect=2.0),
        headers=CLIENT_HEADERS,
    )
    return XConnector(
        client,
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url=base,
        auth_base_url=base,
        now=lambda: NOW,
    )


def post(
    reference: str = "pub-1",
    text: str = "New drop at noon",
    *,
    link: str | None = None,
    title: str | None = None,
) -> OutgoingPost:
    return OutgoingPost(reference=reference, text=text, link=link, title=title)


def test_the_registry_builds_an_x_connector_with_every_capability_port() -> None:
    built = social_connectors(
        new_client(), {"x": PlatformAppConfig(client_id="a", client_secret="b")}
    )[Platform.X]
    assert isinstance(built, Publisher)
    assert isinstance(built, ChannelDiscovery)
    assert isinstance(built, MetricSource)


async def test_discovery_is_the_connected_account(base: str) -> None:
    (account,) = await connector(base).discover(TOKEN)
    assert (account.kind, account.external_id, account.name) == (
        ChannelKind.X_ACCOUNT,
        USER_ID,
        "@acme",
    )


async def test_a_post_carries_the_link_and_our_marker_and_is_found_by_it(base: str) -> None:
    x = connector(base)
    published = await x.publish(ACCOUNT, TOKEN, post(link="https://acme.example/drop"))
    stored = fake_posts.STATE.posts[0]
    assert published.remote_id == stored["id"]
    assert published.url == f"https://x.com/i/web/status/{stored['id']}"
    assert stored["text"] == "New drop at noon https://acme.example/drop" + marker("pub-1")
    found = await x.find(ACCOUNT, TOKEN, "pub-1")
    assert found is not None
    assert found.remote_id == published.remote_id
    assert found.published_at is not None
    assert await x.find(ACCOUNT, TOKEN, "pub-other") is None


async def test_find_pages_through_the_timeline(base: str) -> None:
    x = connector(base)
    target = await x.publish(ACCOUNT, TOKEN, post("old", text="the oldest"))
    for n in range(120):  # more than one page of 100 newer posts
        newer = {**fake_posts.STATE.posts[0], "id": fake_posts.STATE.next_id(), "text": f"n{n}"}
        fake_posts.STATE.posts.insert(0, newer)
    found = await x.find(ACCOUNT, TOKEN, "old")
    assert found is not None
    assert found.remote_id == target.remote_id


@pytest.mark.parametrize("mode", ["drop", "504"])
async def test_a_lost_answer_is_unknown_and_reconciled_by_the_marker(
    base: str, lose: LoseResponses, mode: str
) -> None:
    x = connector(base)
    lose.arm("POST", "/2/tweets", mode)
    with pytest.raises(OutcomeUnknown):
        await x.publish(ACCOUNT, TOKEN, post("pub-lost"))
    found = await x.find(ACCOUNT, TOKEN, "pub-lost")
    assert found is not None
    assert found.remote_id == fake_posts.STATE.posts[0]["id"]
    # a blind retry would be refused as a duplicate: the marker is the same for the same reference
    with pytest.raises(ContentRejected) as again:
        await x.publish(ACCOUNT, TOKEN, post("pub-lost"))
    assert again.value.rejection is Rejection.DUPLICATE
    assert len(fake_posts.STATE.posts) == 1


async def test_a_timeout_after_sending_is_unknown_and_a_refused_connection_is_not(
    base: str, lose: LoseResponses
) -> None:
    lose.arm("POST", "/2/tweets", "hang")
    with pytest.raises(OutcomeUnknown):
        await connector(base, timeout=0.5).publish(ACCOUNT, TOKEN, post("pub-slow"))
    with pytest.raises(PlatformUnavailable) as refused:
        await connector("http://127.0.0.1:9").publish(ACCOUNT, TOKEN, post())
    assert not isinstance(refused.value, OutcomeUnknown)


async def test_rate_limit_waits_until_x_rate_limit_reset(base: str) -> None:
    fake_posts.STATE.remaining = 0
    with pytest.raises(RateLimited) as caught:
        await connector(base).publish(ACCOUNT, TOKEN, post())
    assert caught.value.retry_after_seconds == 120
    assert fake_posts.STATE.posts == []


async def test_an_expired_token_is_token_expired(base: str) -> None:
    with pytest.raises(TokenExpired):
        await connector(base).publish(ACCOUNT, Credentials(access_token="tok-expired-x"), post())


async def test_too_long_text_is_a_validation_rejection(base: str) -> None:
    with pytest.raises(ContentRejected) as too_long:
        await connector(base).publish(ACCOUNT, TOKEN, post(text="x" * (281 - MARKER_LENGTH)))
    assert too_long.value.rejection is Rejection.VALIDATION
    assert fake_posts.STATE.posts == []


async def test_images_are_uploaded_with_their_alt_text_and_attached(base: str) -> None:
    x = connector(base)
    images = (
        MediaItem(url=f"{base}/media/a.png", alt_text="a red bicycle"),
        MediaItem(url=f"{base}/media/b.png"),
    )
    await x.publish(ACCOUNT, TOKEN, OutgoingPost(reference="img", text="look", media=images))
    stored = fake_posts.STATE.posts[0]
    assert len(stored["media_ids"]) == 2
    first, second = (fake_posts.STATE.media[m] for m in stored["media_ids"])
    assert first["bytes"] == fake_posts.PNG
    assert first["type"] == "image/png"
    assert first["alt"] == "a red bicycle"
    assert second["alt"] is None


async def test_video_too_many_or_oversized_images_are_refused_before_posting(base: str) -> None:
    x = connector(base)
    image = MediaItem(url=f"{base}/media/a.png")
    for media in (
        (MediaItem(url=f"{base}/media/v.mp4", kind=MediaKind.VIDEO),),
        (image,) * 5,
        (MediaItem(url=f"{base}/media/huge.png"),),
    ):
        with pytest.raises(ContentRejected):
            await x.publish(ACCOUNT, TOKEN, OutgoingPost(reference="m", text="t", media=media))
    assert fake_posts.STATE.posts == []
    assert fake_posts.STATE.media == {}


async def test_recent_follows_since_id(base: str) -> None:
    x = connector(base)
    first = await x.publish(ACCOUNT, TOKEN, post("pub-1", text="one"))
    batch = await x.recent(ACCOUNT, TOKEN)
    assert [p.remote_id for p in batch.posts] == [first.remote_id]
    assert batch.cursor == first.remote_id
    second = await x.publish(ACCOUNT, TOKEN, post("pub-2", text="two"))
    newer = await x.recent(ACCOUNT, TOKEN, cursor=batch.cursor)
    assert [p.remote_id for p in newer.posts] == [second.remote_id]
    caught_up = await x.recent(ACCOUNT, TOKEN, cursor=newer.cursor)
    assert caught_up.posts == []
    assert caught_up.cursor is None


async def test_a_comment_is_a_reply_and_delete_tolerates_a_gone_post(base: str) -> None:
    x = connector(base)
    published = await x.publish(ACCOUNT, TOKEN, post())
    reply_id = await x.comment(ACCOUNT, TOKEN, published.remote_id, "#drop #noon")
    reply = fake_posts.STATE.posts[0]
    assert reply["id"] == reply_id
    assert reply["reply"] == {"in_reply_to_tweet_id": published.remote_id}
    await x.delete(ACCOUNT, TOKEN, published.remote_id)
    assert published.remote_id not in {p["id"] for p in fake_posts.STATE.posts}
    await x.delete(ACCOUNT, TOKEN, published.remote_id)


async def test_metrics_map_public_and_non_public_counts(base: str) -> None:
    x = connector(base)
    published = await x.publish(ACCOUNT, TOKEN, post())
    batch = await x.metrics(
        ACCOUNT, TOKEN, cursor=None, remote_ids=[published.remote_id, "1"], now=NOW
    )
    values = {r.raw_name: (r.metric, r.value) for r in batch.readings}
    assert values == {
        "impression_count": (Metric.IMPRESSIONS, Decimal(900)),
        "like_count": (Metric.LIKES, Decimal(40)),
        "reply_count": (Metric.COMMENTS, Decimal(2)),
        "retweet_count": (Metric.SHARES, Decimal(3)),
        "quote_count": (None, Decimal(1)),
        "bookmark_count": (Metric.SAVES, Decimal(5)),
        "url_link_clicks": (Metric.CLICKS, Decimal(17)),
        "user_profile_clicks": (None, Decimal(6)),
    }
    assert len(batch.readings) == len(values)  # impression_count once, not twice


async def test_another_kind_of_account_is_refused(base: str) -> None:
    page = ChannelTarget(kind=ChannelKind.FACEBOOK_PAGE, external_id="501")
    with pytest.raises(PlatformRejected):
        await connector(base).publish(page, TOKEN, post())
