"""WordPress posts and comments (the capability ports) against a loopback fake of the REST API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.fake_platform import NOW
from tests.unit.adapters.platforms.response_loss import Mode, impatient_client, refused_url
from tests.unit.adapters.platforms.wordpress.fake_wordpress import PASSWORD, USER, FakeWordPress

from umt.adapters.platforms.business import business_connectors
from umt.adapters.platforms.wordpress import WordPressConnector
from umt.domain.integration.errors import (
    ContentRejected,
    InvalidCredentials,
    OutcomeUnknown,
    PlatformUnavailable,
    Rejection,
)
from umt.domain.integration.platforms import Capability, Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.ports.channel_discovery import ChannelDiscovery
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricSource
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaItem, OutgoingPost, Publisher


def post(reference: str = "pub-1", **changes: object) -> OutgoingPost:
    fields: dict[str, object] = {
        "reference": reference,
        "title": "Spring launch",
        "text": "We launch on Monday.\n\nSee you there & bring friends.",
        "link": "https://acme.example/launch",
        "media": (MediaItem(url="https://cdn.acme.example/a.jpg", alt_text="the team"),),
    }
    fields.update(changes)
    return OutgoingPost(**fields)  # type: ignore[arg-type]  # a test's keyword overrides


@pytest.fixture
def fake() -> FakeWordPress:
    return FakeWordPress(now=NOW)


@pytest.fixture
def site(fake: FakeWordPress) -> Iterator[str]:
    with serve_asgi(fake.app()) as url:
        fake.site = url
        yield url


def wordpress(client: httpx.AsyncClient | None = None, **options: str) -> WordPressConnector:
    return WordPressConnector(
        client or new_client(), options={"allow_private_hosts": "true", **options}, now=lambda: NOW
    )


def credentials(site: str, password: str = PASSWORD) -> Credentials:
    return Credentials(access_token=password, extra={"site_url": site, "username": USER})


def target(site: str) -> ChannelTarget:
    return ChannelTarget(kind=ChannelKind.WORDPRESS_SITE, external_id=site)


def test_the_registry_builds_a_publisher_that_is_no_metric_source() -> None:
    connector = business_connectors(new_client(), {}, lambda: NOW)[Platform.WORDPRESS]
    assert isinstance(connector, Publisher)
    assert isinstance(connector, ChannelDiscovery)
    assert not isinstance(connector, MetricSource)
    assert Capability.ANALYTICS not in connector.capabilities


async def test_discovery_finds_the_connected_site(site: str) -> None:
    [account] = await wordpress().discover(credentials(site))
    assert account.kind is ChannelKind.WORDPRESS_SITE
    assert account.external_id == site
    assert account.name == "Acme Blog"
    assert account.time_zone == "Europe/Berlin"
    assert account.details == {"site_url": site}


async def test_publishing_creates_a_post_with_our_reference_in_meta_and_content(
    site: str, fake: FakeWordPress
) -> None:
    published = await wordpress().publish(target(site), credentials(site), post())
    [created] = fake.posts
    assert created["status"] == "publish"
    assert created["title"]["raw"] == "Spring launch"
    assert created["meta"] == {"umt_reference": "pub-1"}
    raw = created["content"]["raw"]
    assert "<p>We launch on Monday.</p>" in raw
    assert "See you there &amp; bring friends." in raw
    assert '<img src="https://cdn.acme.example/a.jpg" alt="the team" />' in raw
    assert raw.endswith("<!-- umt:reference=pub-1 -->")
    assert published.remote_id == str(created["id"])
    assert published.url == f"{site}/spring-launch/"
    assert published.published_at == NOW
    assert published.reference == "pub-1"


async def test_a_future_send_time_schedules_the_post_natively(
    site: str, fake: FakeWordPress
) -> None:
    when = NOW + timedelta(days=2, minutes=7)
    published = await wordpress().publish(target(site), credentials(site), post(send_at=when))
    [created] = fake.posts
    assert created["status"] == "future"
    assert published.published_at == when.replace(microsecond=0)


async def test_a_duplicate_slug_is_not_an_error_and_posts_are_found_by_reference(
    site: str, fake: FakeWordPress
) -> None:
    connector = wordpress()
    first = await connector.publish(target(site), credentials(site), post("pub-a"))
    second = await connector.publish(target(site), credentials(site), post("pub-b"))
    assert [p["slug"] for p in fake.posts] == ["spring-launch", "spring-launch-2"]
    found = await connector.find(target(site), credentials(site), "pub-b")
    assert found is not None
    assert found.remote_id == second.remote_id != first.remote_id
    assert found.url == f"{site}/spring-launch-2/"


@pytest.mark.parametrize("mode", ["drop", "504"])
async def test_a_lost_answer_is_unknown_and_reconciled_by_our_reference(
    site: str, fake: FakeWordPress, mode: Mode
) -> None:
    connector = wordpress()
    assert fake.loss is not None
    fake.loss.arm("POST", "/wp-json/wp/v2/posts", mode)
    with pytest.raises(OutcomeUnknown):
        await connector.publish(target(site), credentials(site), post("pub-lost"))
    [created] = fake.posts
    found = await connector.find(target(site), credentials(site), "pub-lost")
    assert found is not None
    assert found.remote_id == str(created["id"])
    assert fake.queries[-1]["search"] == "pub-lost"
    assert await connector.find(target(site), credentials(site), "pub-other") is None


async def test_without_registered_meta_or_search_the_content_marker_reconciles(
    site: str, fake: FakeWordPress
) -> None:
    fake.registered_meta = False
    fake.search_works = False
    connector = wordpress()
    assert fake.loss is not None
    fake.loss.arm("POST", "/wp-json/wp/v2/posts", "drop")
    with pytest.raises(OutcomeUnknown):
        await connector.publish(target(site), credentials(site), post("pub-plain"))
    assert fake.posts[0]["meta"] == []
    found = await connector.find(target(site), credentials(site), "pub-plain")
    assert found is not None
    assert found.reference == "pub-plain"
    assert fake.queries[-1]["orderby"] == "modified"  # the recent-posts fallback matched


async def test_a_timeout_after_sending_is_unknown_and_a_refused_connection_is_not(
    site: str, fake: FakeWordPress
) -> None:
    assert fake.loss is not None
    fake.loss.arm("POST", "/wp-json/wp/v2/posts", "slow")
    with pytest.raises(OutcomeUnknown):
        await wordpress(impatient_client()).publish(target(site), credentials(site), post())
    nowhere = refused_url()
    with pytest.raises(PlatformUnavailable) as failed:
        await wordpress().publish(target(nowhere), credentials(nowhere), post())
    assert not isinstance(failed.value, OutcomeUnknown)


async def test_a_refused_password_is_invalid_credentials(site: str, fake: FakeWordPress) -> None:
    with pytest.raises(InvalidCredentials):
        await wordpress().publish(target(site), credentials(site, "wrong"), post())
    assert fake.posts == []


async def test_a_post_wordpress_refuses_is_a_validation_rejection(
    site: str, fake: FakeWordPress
) -> None:
    fake.refuse_content = True
    with pytest.raises(ContentRejected, match="content") as refused:
        await wordpress().publish(target(site), credentials(site), post())
    assert refused.value.rejection is Rejection.VALIDATION
    assert refused.value.status == 400


async def test_an_empty_post_is_refused_before_any_call(site: str, fake: FakeWordPress) -> None:
    with pytest.raises(ContentRejected, match="empty"):
        await wordpress().publish(
            target(site), credentials(site), post(title="", text=" ", link=None, media=())
        )
    assert fake.posts == []


async def test_a_site_on_an_internal_address_is_refused_without_a_call() -> None:
    connector = WordPressConnector(new_client(), now=lambda: NOW)  # private hosts not allowed
    with pytest.raises(InvalidCredentials, match="local or private"):
        await connector.publish(
            target("http://127.0.0.1:9"), credentials("http://127.0.0.1:9"), post()
        )


async def test_recent_lists_published_posts_after_the_cursor_in_gmt(
    site: str, fake: FakeWordPress
) -> None:
    connector = wordpress()
    for index in range(3):
        fake.now = NOW + timedelta(minutes=10 * index)
        await connector.publish(target(site), credentials(site), post(f"pub-{index}"))
    everything = await connector.recent(target(site), credentials(site))
    assert [p.reference for p in everything.posts] == ["pub-2", "pub-1", "pub-0"]
    assert everything.cursor == (NOW + timedelta(minutes=20)).replace(tzinfo=None).isoformat()
    cursor = (NOW + timedelta(minutes=5)).replace(tzinfo=None).isoformat()
    newer = await connector.recent(target(site), credentials(site), cursor=cursor)
    assert [p.reference for p in newer.posts] == ["pub-2", "pub-1"]
    again = await connector.recent(target(site), credentials(site), cursor=newer.cursor)
    assert again.posts == []
    assert again.cursor == newer.cursor


@pytest.mark.parametrize(("option", "left"), [("false", 0), ("true", 1)])
async def test_delete_removes_or_trashes_and_a_second_delete_is_not_an_error(
    site: str, fake: FakeWordPress, option: str, left: int
) -> None:
    connector = wordpress(trash_on_delete=option)
    published = await connector.publish(target(site), credentials(site), post())
    await connector.delete(target(site), credentials(site), published.remote_id)
    assert len(fake.posts) == left
    assert all(p["status"] == "trash" for p in fake.posts)
    await connector.delete(target(site), credentials(site), published.remote_id)
    assert await connector.find(target(site), credentials(site), "pub-1") is None


async def test_comments_are_added_under_the_post(site: str, fake: FakeWordPress) -> None:
    connector = wordpress()
    published = await connector.publish(target(site), credentials(site), post())
    comment_id = await connector.comment(
        target(site), credentials(site), published.remote_id, "#launch #spring"
    )
    assert fake.comments == [
        {"id": int(comment_id), "post": int(published.remote_id), "content": "#launch #spring"}
    ]
