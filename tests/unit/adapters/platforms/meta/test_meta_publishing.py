"""Meta as a ChannelDiscovery, Publisher and MetricSource against a loopback fake Graph API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.fake_graph import graph_error
from tests.unit.adapters.platforms.fake_platform import CLIENT_ID, CLIENT_SECRET, NOW
from tests.unit.adapters.platforms.lost_response import LoseResponses
from tests.unit.adapters.platforms.meta import fake_publishing
from tests.unit.adapters.platforms.meta.fake_publishing import IG_USER, PAGE_TOKENS

from umt.adapters.httpx.egress import guarded_client
from umt.adapters.platforms.apps import PlatformAppConfig
from umt.adapters.platforms.http import CLIENT_HEADERS
from umt.adapters.platforms.meta import MetaConnector
from umt.adapters.platforms.meta.graph import APP_USAGE_WAIT
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.reference_marker import MARKER_LENGTH, carries, marker
from umt.adapters.platforms.social import social_connectors
from umt.domain.integration.errors import (
    ContentRejected,
    MissingScope,
    OutcomeUnknown,
    PlatformRejected,
    PlatformUnavailable,
    QuotaExceeded,
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

USER = Credentials(access_token="user-token-EAAB", scopes=frozenset({"pages_manage_posts"}))
PAGE = ChannelTarget(kind=ChannelKind.FACEBOOK_PAGE, external_id="501")
PAGE_CREDENTIALS = Credentials(access_token=PAGE_TOKENS["501"])
INSTAGRAM = ChannelTarget(
    kind=ChannelKind.INSTAGRAM_ACCOUNT, external_id=IG_USER, details={"page_id": "501"}
)
IMAGE = MediaItem(url="https://cdn.example/a.jpg", alt_text="a red bicycle")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, LoseResponses]]:
    app = LoseResponses(fake_publishing.publishing_app(), hang_seconds=2.0)
    with serve_asgi(app) as url:
        yield url, app


@pytest.fixture
def base(server: tuple[str, LoseResponses]) -> str:
    fake_publishing.reset()
    server[1].armed.clear()
    return server[0]


@pytest.fixture
def lose(server: tuple[str, LoseResponses]) -> LoseResponses:
    return server[1]


def connector(base: str, *, timeout: float = 10.0) -> MetaConnector:
    client = guarded_client(
        NetworkPolicy(allow_private=True),
        timeout=httpx.Timeout(timeout, connect=2.0),
        headers=CLIENT_HEADERS,
    )
    return MetaConnector(
        client,
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url=base,
        auth_base_url=base,
        options={"instagram_poll_seconds": "0.01", "instagram_poll_attempts": "4"},
        now=lambda: NOW,
    )


def post(
    reference: str = "pub-1",
    text: str = "Autumn sale starts today",
    *,
    link: str | None = None,
    media: tuple[MediaItem, ...] = (),
) -> OutgoingPost:
    return OutgoingPost(reference=reference, text=text, link=link, media=media)


def test_the_registry_builds_a_meta_connector_with_every_capability_port() -> None:
    built = social_connectors(
        new_client(), {"meta": PlatformAppConfig(client_id="a", client_secret="b")}
    )[Platform.META]
    assert isinstance(built, Publisher)
    assert isinstance(built, ChannelDiscovery)
    assert isinstance(built, MetricSource)


async def test_discovery_finds_pages_with_their_own_tokens_and_their_instagram_accounts(
    base: str,
) -> None:
    accounts = await connector(base).discover(USER)
    assert [(a.kind, a.external_id, a.name) for a in accounts] == [
        (ChannelKind.FACEBOOK_PAGE, "501", "Acme"),
        (ChannelKind.INSTAGRAM_ACCOUNT, IG_USER, "acme.shop"),
        (ChannelKind.FACEBOOK_PAGE, "502", "Acme Outlet"),  # from the second page of the list
    ]
    page, instagram, outlet = accounts
    assert page.credentials is not None
    assert page.credentials.access_token == PAGE_TOKENS["501"]
    assert outlet.credentials is not None
    assert outlet.credentials.access_token == PAGE_TOKENS["502"]
    assert instagram.credentials is None  # acts with the integration's user token
    assert instagram.details == {"page_id": "501"}
    assert PAGE_TOKENS["501"] not in repr(page)


async def test_discovery_with_an_expired_token_is_token_expired(base: str) -> None:
    with pytest.raises(TokenExpired):
        await connector(base).discover(Credentials(access_token="tok_expired_9f8e"))


async def test_a_page_post_carries_our_invisible_reference_and_is_found_by_it(base: str) -> None:
    meta = connector(base)
    published = await meta.publish(PAGE, PAGE_CREDENTIALS, post(link="https://acme.example/sale"))
    stored = fake_publishing.STATE.page_posts["501"][0]
    assert published.remote_id == stored["id"]
    assert published.url == f"https://www.facebook.com/{stored['id']}"
    assert stored["message"] == "Autumn sale starts today" + marker("pub-1")
    assert stored["form"]["link"] == "https://acme.example/sale"
    found = await meta.find(PAGE, PAGE_CREDENTIALS, "pub-1")
    assert found is not None
    assert found.remote_id == published.remote_id
    assert found.reference == "pub-1"
    assert await meta.find(PAGE, PAGE_CREDENTIALS, "pub-2") is None


async def test_the_same_text_under_another_reference_is_told_apart(base: str) -> None:
    meta = connector(base)
    first = await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-1"))
    second = await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-2"))
    assert first.remote_id != second.remote_id
    found = await meta.find(PAGE, PAGE_CREDENTIALS, "pub-1")
    assert found is not None
    assert found.remote_id == first.remote_id


async def test_a_page_write_needs_the_page_token(base: str) -> None:
    with pytest.raises(MissingScope):
        await connector(base).publish(PAGE, USER, post())


@pytest.mark.parametrize("mode", ["drop", "504"])
async def test_a_lost_answer_is_an_unknown_outcome_that_reconciliation_resolves(
    base: str, lose: LoseResponses, mode: str
) -> None:
    meta = connector(base)
    lose.arm("POST", "/v25.0/501/feed", mode)
    with pytest.raises(OutcomeUnknown):
        await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-lost"))
    assert len(fake_publishing.STATE.page_posts["501"]) == 1  # the effect happened
    found = await meta.find(PAGE, PAGE_CREDENTIALS, "pub-lost")
    assert found is not None
    assert found.remote_id == fake_publishing.STATE.page_posts["501"][0]["id"]


async def test_a_timeout_after_sending_is_an_unknown_outcome(
    base: str, lose: LoseResponses
) -> None:
    lose.arm("POST", "/v25.0/501/feed", "hang")
    with pytest.raises(OutcomeUnknown):
        await connector(base, timeout=0.5).publish(PAGE, PAGE_CREDENTIALS, post("pub-slow"))


async def test_a_refused_connection_is_platform_unavailable_not_unknown() -> None:
    with pytest.raises(PlatformUnavailable) as caught:
        await connector("http://127.0.0.1:9").publish(PAGE, PAGE_CREDENTIALS, post())
    assert not isinstance(caught.value, OutcomeUnknown)


async def test_a_duplicate_status_message_is_a_duplicate_rejection(base: str) -> None:
    meta = connector(base)
    await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-1"))
    with pytest.raises(ContentRejected) as caught:
        await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-1"))
    assert caught.value.rejection is Rejection.DUPLICATE


async def test_app_usage_at_its_cap_is_a_rate_limit_with_a_wait(base: str) -> None:
    usage = json.dumps({"call_count": 100, "total_cputime": 40, "total_time": 35})
    fake_publishing.STATE.next_write = graph_error(
        400, 4, "(#4) Application request limit reached", **{"x-app-usage": usage}
    )
    with pytest.raises(RateLimited) as caught:
        await connector(base).publish(PAGE, PAGE_CREDENTIALS, post())
    assert caught.value.retry_after_seconds == APP_USAGE_WAIT
    assert fake_publishing.STATE.page_posts == {}


async def test_a_graph_server_error_on_a_write_is_an_unknown_outcome(base: str) -> None:
    fake_publishing.STATE.next_write = graph_error(
        500, 2, "An unexpected error has occurred. Please retry your request later."
    )
    with pytest.raises(OutcomeUnknown) as caught:
        await connector(base).publish(PAGE, PAGE_CREDENTIALS, post())
    assert caught.value.status == 500


async def test_an_image_goes_to_photos_and_several_become_attached_media(base: str) -> None:
    meta = connector(base)
    one = await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-1", media=(IMAGE,)))
    assert one.remote_id == fake_publishing.STATE.page_posts["501"][0]["id"]
    assert fake_publishing.STATE.page_posts["501"][0]["form"]["url"] == IMAGE.url
    two = await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-2", media=(IMAGE, IMAGE)))
    feed = fake_publishing.STATE.page_posts["501"][0]
    assert two.remote_id == feed["id"]
    assert '"media_fbid"' in feed["form"]["attached_media[1]"]


async def test_recent_lists_posts_since_the_cursor(base: str) -> None:
    meta = connector(base)
    await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-1"))
    first = await meta.recent(PAGE, PAGE_CREDENTIALS)
    assert len(first.posts) == 1
    assert first.cursor is not None
    second_post = await meta.publish(PAGE, PAGE_CREDENTIALS, post("pub-2"))
    newer = await meta.recent(PAGE, PAGE_CREDENTIALS, cursor=first.cursor)
    assert [p.remote_id for p in newer.posts] == [second_post.remote_id]
    nothing = await meta.recent(PAGE, PAGE_CREDENTIALS, cursor=newer.cursor)
    assert nothing.posts == []
    assert nothing.cursor is None


async def test_delete_and_comment_on_a_page_post(base: str) -> None:
    meta = connector(base)
    published = await meta.publish(PAGE, PAGE_CREDENTIALS, post())
    comment = await meta.comment(PAGE, PAGE_CREDENTIALS, published.remote_id, "#autumn #sale")
    assert comment.startswith(published.remote_id)
    await meta.delete(PAGE, PAGE_CREDENTIALS, published.remote_id)
    assert fake_publishing.STATE.page_posts["501"] == []
    await meta.delete(PAGE, PAGE_CREDENTIALS, published.remote_id)  # already gone: fine


async def test_page_post_metrics_are_mapped_and_unknown_names_kept_raw(base: str) -> None:
    meta = connector(base)
    published = await meta.publish(PAGE, PAGE_CREDENTIALS, post())
    batch = await meta.metrics(
        PAGE, PAGE_CREDENTIALS, cursor=None, remote_ids=[published.remote_id, "501_404"], now=NOW
    )
    values = {(r.metric, r.raw_name): r.value for r in batch.readings}
    assert values[(Metric.IMPRESSIONS, "post_impressions")] == Decimal(10)
    assert values[(Metric.REACH, "post_impressions_unique")] == Decimal(20)
    assert values[(Metric.CLICKS, "post_clicks")] == Decimal(30)
    assert values[(Metric.LIKES, "reactions")] == Decimal(7)
    assert values[(Metric.COMMENTS, "comments")] == Decimal(3)
    assert values[(Metric.SHARES, "shares")] == Decimal(2)
    assert all(r.subject_remote_id == published.remote_id for r in batch.readings)
    assert all(r.observed_at == NOW for r in batch.readings)


# -- Instagram ---------------------------------------------------------------------------


async def test_instagram_publishes_through_a_container_once_it_is_finished(base: str) -> None:
    fake_publishing.STATE.container_script = ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]
    meta = connector(base)
    published = await meta.publish(INSTAGRAM, USER, post("ig-1", media=(IMAGE,)))
    media = fake_publishing.STATE.ig_media[0]
    assert published.remote_id == media["id"]
    assert published.url == media["permalink"]
    assert carries(media["caption"], "ig-1")
    container_form = next(r for r in fake_publishing.STATE.requests if r[1] == f"{IG_USER}/media")[
        2
    ]
    assert container_form["image_url"] == IMAGE.url
    assert container_form["alt_text"] == "a red bicycle"
    found = await meta.find(INSTAGRAM, USER, "ig-1")
    assert found is not None
    assert found.remote_id == published.remote_id


@pytest.mark.parametrize("final", ["ERROR", "EXPIRED"])
async def test_a_container_that_fails_is_a_media_rejection_and_nothing_is_published(
    base: str, final: str
) -> None:
    fake_publishing.STATE.container_script = ["IN_PROGRESS", final]
    with pytest.raises(ContentRejected) as caught:
        await connector(base).publish(INSTAGRAM, USER, post(media=(IMAGE,)))
    assert caught.value.rejection is Rejection.MEDIA
    assert fake_publishing.STATE.ig_media == []


async def test_a_container_still_in_progress_is_retryable_and_publishes_nothing(base: str) -> None:
    fake_publishing.STATE.container_script = ["IN_PROGRESS"]
    with pytest.raises(PlatformUnavailable) as caught:
        await connector(base).publish(INSTAGRAM, USER, post(media=(IMAGE,)))
    assert not isinstance(caught.value, OutcomeUnknown)
    assert fake_publishing.STATE.ig_media == []


async def test_the_instagram_cap_is_checked_before_a_container_is_made(base: str) -> None:
    fake_publishing.STATE.quota_usage = 50
    with pytest.raises(QuotaExceeded):
        await connector(base).publish(INSTAGRAM, USER, post(media=(IMAGE,)))
    assert fake_publishing.STATE.containers == {}


async def test_the_publish_call_refusing_with_subcode_2207042_is_quota_exceeded(base: str) -> None:
    fake_publishing.STATE.quota_usage = 50
    fake_publishing.STATE.limit_endpoint_usage = 49  # the limit endpoint lags behind
    with pytest.raises(QuotaExceeded):
        await connector(base).publish(INSTAGRAM, USER, post(media=(IMAGE,)))


async def test_a_lost_media_publish_answer_is_reconciled_by_the_caption(
    base: str, lose: LoseResponses
) -> None:
    meta = connector(base)
    lose.arm("POST", f"/v25.0/{IG_USER}/media_publish", "504")
    with pytest.raises(OutcomeUnknown):
        await meta.publish(INSTAGRAM, USER, post("ig-lost", media=(IMAGE,)))
    found = await meta.find(INSTAGRAM, USER, "ig-lost")
    assert found is not None
    assert found.remote_id == fake_publishing.STATE.ig_media[0]["id"]


async def test_instagram_needs_media_and_builds_carousels(base: str) -> None:
    meta = connector(base)
    with pytest.raises(ContentRejected):
        await meta.publish(INSTAGRAM, USER, post())
    video = MediaItem(url="https://cdn.example/v.mp4", kind=MediaKind.VIDEO)
    await meta.publish(INSTAGRAM, USER, post("ig-2", media=(IMAGE, video)))
    forms = [r[2] for r in fake_publishing.STATE.requests if r[1] == f"{IG_USER}/media"]
    assert [f.get("is_carousel_item") for f in forms] == ["true", "true", None]
    assert forms[1]["media_type"] == "VIDEO"
    assert forms[2]["media_type"] == "CAROUSEL"
    assert forms[2]["children"].count(",") == 1


async def test_instagram_media_cannot_be_deleted_but_can_be_commented_and_measured(
    base: str,
) -> None:
    meta = connector(base)
    published = await meta.publish(INSTAGRAM, USER, post(media=(IMAGE,)))
    with pytest.raises(PlatformRejected):
        await meta.delete(INSTAGRAM, USER, published.remote_id)
    assert await meta.comment(INSTAGRAM, USER, published.remote_id, "#bikes")
    batch = await meta.metrics(
        INSTAGRAM, USER, cursor=None, remote_ids=[published.remote_id], now=NOW
    )
    metrics = {r.raw_name: r.metric for r in batch.readings}
    assert metrics["saved"] is Metric.SAVES
    assert metrics["reach"] is Metric.REACH
    later = await meta.recent(INSTAGRAM, USER)
    assert [p.remote_id for p in later.posts] == [published.remote_id]


def test_the_marker_is_invisible_and_of_fixed_length() -> None:
    mark = marker("0193a4b0-7c1e-7c4a-9d7e-2f3b4c5d6e7f")
    assert len(mark) == MARKER_LENGTH
    assert set(mark) <= {"\u200b", "\u200c", "\u200d"}
    assert marker("a") != marker("b")
