"""LinkedIn as a ChannelDiscovery, Publisher and MetricSource against a loopback fake of its
versioned /rest APIs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.fake_platform import CLIENT_ID, CLIENT_SECRET, NOW
from tests.unit.adapters.platforms.linkedin import fake_posts
from tests.unit.adapters.platforms.linkedin.fake_posts import MEMBER, ORGANIZATION
from tests.unit.adapters.platforms.lost_response import LoseResponses

from umt.adapters.httpx.egress import guarded_client
from umt.adapters.platforms.apps import PlatformAppConfig
from umt.adapters.platforms.http import CLIENT_HEADERS
from umt.adapters.platforms.linkedin import LinkedInConnector
from umt.adapters.platforms.linkedin.errors import ApiVersionRetired, seconds_until_midnight_utc
from umt.adapters.platforms.linkedin.posts import little_text
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.reference_marker import carries, marker
from umt.adapters.platforms.social import social_connectors
from umt.domain.integration.errors import (
    AddressRefused,
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

TOKEN = Credentials(access_token="tok-admin-55", expires_at=NOW + timedelta(days=50))
AS_MEMBER = ChannelTarget(kind=ChannelKind.LINKEDIN_MEMBER, external_id=MEMBER)
AS_ORGANIZATION = ChannelTarget(kind=ChannelKind.LINKEDIN_ORGANIZATION, external_id=ORGANIZATION)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, LoseResponses]]:
    app = LoseResponses(fake_posts.linkedin_app(), hang_seconds=2.0)
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


def connector(base: str, *, timeout: float = 10.0, **options: str) -> LinkedInConnector:
    client = guarded_client(
        NetworkPolicy(allow_private=True),
        timeout=httpx.Timeout(timeout, connect=2.0),
        headers=CLIENT_HEADERS,
    )
    return LinkedInConnector(
        client,
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url=base,
        auth_base_url=base,
        options=options,
        now=lambda: NOW,
    )


def post(
    reference: str = "pub-1",
    text: str = "We are hiring (Berlin)",
    *,
    link: str | None = None,
    title: str | None = None,
) -> OutgoingPost:
    return OutgoingPost(reference=reference, text=text, link=link, title=title)


def test_the_registry_builds_a_linkedin_connector_with_every_capability_port() -> None:
    built = social_connectors(
        new_client(), {"linkedin": PlatformAppConfig(client_id="a", client_secret="b")}
    )[Platform.LINKEDIN]
    assert isinstance(built, Publisher)
    assert isinstance(built, ChannelDiscovery)
    assert isinstance(built, MetricSource)


async def test_discovery_finds_the_member_and_the_administered_organizations(base: str) -> None:
    accounts = await connector(base).discover(TOKEN)
    assert [(a.kind, a.external_id, a.name) for a in accounts] == [
        (ChannelKind.LINKEDIN_MEMBER, MEMBER, "John Doe"),
        (ChannelKind.LINKEDIN_ORGANIZATION, ORGANIZATION, "Devtestco"),
    ]
    member_only = await connector(base).discover(Credentials(access_token="tok-member-55"))
    assert [a.kind for a in member_only] == [ChannelKind.LINKEDIN_MEMBER]


async def test_a_post_is_created_with_the_version_headers_and_its_urn_from_x_restli_id(
    base: str,
) -> None:
    linkedin = connector(base)
    published = await linkedin.publish(
        AS_ORGANIZATION, TOKEN, post(link="https://acme.example/jobs", title="Jobs")
    )
    stored = fake_posts.STATE.posts[0]
    assert published.remote_id == stored["id"]
    assert published.url == f"https://www.linkedin.com/feed/update/{stored['id']}/"
    assert stored["author"] == ORGANIZATION
    assert stored["lifecycleState"] == "PUBLISHED"
    assert stored["visibility"] == "PUBLIC"
    assert stored["commentary"] == r"We are hiring \(Berlin\)" + marker("pub-1")
    assert stored["content"] == {
        "article": {"source": "https://acme.example/jobs", "title": "Jobs"}
    }
    found = await linkedin.find(AS_ORGANIZATION, TOKEN, "pub-1")
    assert found is not None
    assert found.remote_id == published.remote_id
    assert await linkedin.find(AS_MEMBER, TOKEN, "pub-1") is None  # another author's posts


def test_little_text_escapes_reserved_characters_but_keeps_hashtags_and_urls() -> None:
    assert little_text("50% off [today] @ #Berlin_store # x") == (
        r"50% off \[today\] \@ #Berlin_store \# x"
    )
    assert little_text("see https://a.example/x_(y) now_") == r"see https://a.example/x_(y) now\_"


@pytest.mark.parametrize("mode", ["drop", "504"])
async def test_a_lost_answer_is_an_unknown_outcome_and_find_reconciles_it(
    base: str, lose: LoseResponses, mode: str
) -> None:
    linkedin = connector(base)
    lose.arm("POST", "/rest/posts", mode)
    with pytest.raises(OutcomeUnknown):
        await linkedin.publish(AS_MEMBER, TOKEN, post("pub-lost"))
    assert len(fake_posts.STATE.posts) == 1
    found = await linkedin.find(AS_MEMBER, TOKEN, "pub-lost")
    assert found is not None
    assert found.remote_id == fake_posts.STATE.posts[0]["id"]


async def test_a_timeout_after_sending_is_unknown_and_a_refused_connection_is_not(
    base: str, lose: LoseResponses
) -> None:
    lose.arm("POST", "/rest/posts", "hang")
    with pytest.raises(OutcomeUnknown):
        await connector(base, timeout=0.5).publish(AS_MEMBER, TOKEN, post("pub-slow"))
    with pytest.raises(PlatformUnavailable) as refused:
        await connector("http://127.0.0.1:9").publish(AS_MEMBER, TOKEN, post())
    assert not isinstance(refused.value, OutcomeUnknown)


async def test_a_duplicate_is_a_duplicate_rejection_and_an_empty_post_a_validation_one(
    base: str,
) -> None:
    linkedin = connector(base)
    await linkedin.publish(AS_MEMBER, TOKEN, post("pub-1"))
    with pytest.raises(ContentRejected) as duplicate:
        await linkedin.publish(AS_MEMBER, TOKEN, post("pub-1"))
    assert duplicate.value.rejection is Rejection.DUPLICATE
    with pytest.raises(ContentRejected) as too_long:
        await linkedin.publish(AS_MEMBER, TOKEN, post("pub-2", text="x" * 3001))
    assert too_long.value.rejection is Rejection.VALIDATION
    assert too_long.value.status == 422


async def test_a_retired_version_is_a_typed_error_that_names_the_option(base: str) -> None:
    with pytest.raises(ApiVersionRetired) as caught:
        await connector(base, api_version="202301").publish(AS_MEMBER, TOKEN, post())
    assert caught.value.status == 426
    assert "api_version" in caught.value.message
    assert isinstance(caught.value, PlatformRejected)
    assert fake_posts.STATE.posts == []


async def test_an_expired_token_and_a_throttle_without_retry_after(base: str) -> None:
    with pytest.raises(TokenExpired):
        await connector(base).publish(AS_MEMBER, Credentials(access_token="tok-expired-55"), post())
    fake_posts.STATE.throttled = True
    with pytest.raises(RateLimited) as throttled:
        await connector(base).publish(AS_MEMBER, TOKEN, post())
    assert throttled.value.retry_after_seconds == seconds_until_midnight_utc(NOW)
    assert not isinstance(throttled.value, OutcomeUnknown)


async def test_images_are_uploaded_then_attached(base: str) -> None:
    linkedin = connector(base)
    one = MediaItem(url=f"{base}/media/bike.png", alt_text="a red bicycle")
    two = MediaItem(url=f"{base}/media/shop.png")
    await linkedin.publish(
        AS_ORGANIZATION, TOKEN, OutgoingPost(reference="i1", text="t", media=(one,))
    )
    single = fake_posts.STATE.posts[0]["content"]["media"]
    assert fake_posts.STATE.images[single["id"]] == fake_posts.PNG
    assert single["altText"] == "a red bicycle"
    await linkedin.publish(
        AS_ORGANIZATION, TOKEN, OutgoingPost(reference="i2", text="t", media=(one, two))
    )
    images = fake_posts.STATE.posts[0]["content"]["multiImage"]["images"]
    assert len(images) == 2
    assert all(fake_posts.STATE.images[image["id"]] == fake_posts.PNG for image in images)


async def test_media_that_cannot_be_used_is_refused_before_the_post(base: str) -> None:
    linkedin = connector(base)
    for url, kind in (
        (f"{base}/media/missing.png", MediaKind.IMAGE),
        (f"{base}/media/page.html", MediaKind.IMAGE),
        (f"{base}/media/clip.mp4", MediaKind.VIDEO),
    ):
        with pytest.raises(ContentRejected) as caught:
            await linkedin.publish(
                AS_MEMBER,
                TOKEN,
                OutgoingPost(reference="r", text="t", media=(MediaItem(url=url, kind=kind),)),
            )
        assert caught.value.rejection is Rejection.MEDIA
    assert fake_posts.STATE.posts == []


async def test_a_media_url_on_an_internal_address_is_refused_by_the_egress_guard(
    base: str,
) -> None:
    strict = LinkedInConnector(
        guarded_client(NetworkPolicy(allow_private=False), headers=CLIENT_HEADERS),
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url="https://api.linkedin.example",
        now=lambda: NOW,
    )
    item = MediaItem(url=f"{base}/media/bike.png")
    with pytest.raises(AddressRefused):
        await strict.publish(AS_MEMBER, TOKEN, OutgoingPost(reference="r", text="t", media=(item,)))


async def test_recent_stops_at_the_cursor(base: str) -> None:
    linkedin = connector(base)
    first = await linkedin.publish(AS_MEMBER, TOKEN, post("pub-1", text="one"))
    batch = await linkedin.recent(AS_MEMBER, TOKEN)
    assert [p.remote_id for p in batch.posts] == [first.remote_id]
    second = await linkedin.publish(AS_MEMBER, TOKEN, post("pub-2", text="two"))
    newer = await linkedin.recent(AS_MEMBER, TOKEN, cursor=batch.cursor)
    assert [p.remote_id for p in newer.posts] == [second.remote_id]
    assert (await linkedin.recent(AS_MEMBER, TOKEN, cursor=newer.cursor)).posts == []


async def test_comment_and_delete(base: str) -> None:
    linkedin = connector(base)
    published = await linkedin.publish(AS_ORGANIZATION, TOKEN, post())
    comment = await linkedin.comment(AS_ORGANIZATION, TOKEN, published.remote_id, "#hiring (now)")
    assert comment.startswith("urn:li:comment:")
    stored = fake_posts.STATE.comments[0]
    assert stored["actor"] == ORGANIZATION
    assert stored["object"] == published.remote_id
    assert stored["message"] == {"text": r"#hiring \(now\)"}
    await linkedin.delete(AS_ORGANIZATION, TOKEN, published.remote_id)
    assert fake_posts.STATE.posts == []
    await linkedin.delete(AS_ORGANIZATION, TOKEN, published.remote_id)  # gone already: fine


async def test_organization_metrics_come_from_share_statistics(base: str) -> None:
    linkedin = connector(base)
    published = await linkedin.publish(AS_ORGANIZATION, TOKEN, post())
    batch = await linkedin.metrics(
        AS_ORGANIZATION, TOKEN, cursor=None, remote_ids=[published.remote_id], now=NOW
    )
    values = {r.raw_name: (r.metric, r.value) for r in batch.readings}
    assert values["impressionCount"] == (Metric.IMPRESSIONS, Decimal(160))
    assert values["uniqueImpressionsCount"] == (Metric.REACH, Decimal(80))
    assert values["clickCount"] == (Metric.CLICKS, Decimal(5))
    assert values["likeCount"] == (Metric.LIKES, Decimal(9))
    assert values["commentCount"] == (Metric.COMMENTS, Decimal(1))
    assert values["shareCount"] == (Metric.SHARES, Decimal(2))
    assert values["engagement"] == (None, Decimal("0.0625"))  # a rate: kept raw, unmapped
    assert {r.subject_remote_id for r in batch.readings} == {published.remote_id}


async def test_member_metrics_come_from_social_actions(base: str) -> None:
    linkedin = connector(base)
    published = await linkedin.publish(AS_MEMBER, TOKEN, post())
    batch = await linkedin.metrics(
        AS_MEMBER, TOKEN, cursor=None, remote_ids=[published.remote_id, "urn:li:share:1"], now=NOW
    )
    assert {(r.metric, r.value) for r in batch.readings} == {
        (Metric.LIKES, Decimal(12)),
        (Metric.COMMENTS, Decimal(4)),
    }
    assert all(carries(p["commentary"], "pub-1") for p in fake_posts.STATE.posts)
