"""Pinterest boards, Pins and analytics (the capability ports) against a loopback fake of API v5."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.fake_platform import CLIENT_ID, CLIENT_SECRET, NOW
from tests.unit.adapters.platforms.pinterest.fake_pins import BUSY, EXPIRED, GOOD, FakePinterest
from tests.unit.adapters.platforms.response_loss import Mode, impatient_client, refused_url

from umt.adapters.platforms.apps import PlatformAppConfig
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.adapters.platforms.pinterest import PinterestConnector
from umt.adapters.platforms.pinterest.pins import pin_readings
from umt.adapters.platforms.social import social_connectors
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
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.channel_discovery import ChannelDiscovery
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricSource
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaItem, MediaKind, OutgoingPost, Publisher

BOARD = ChannelTarget(kind=ChannelKind.PINTEREST_BOARD, external_id="b1")
TOKEN = Credentials(access_token=GOOD)


def post(reference: str = "pub-1", **changes: object) -> OutgoingPost:
    fields: dict[str, object] = {
        "reference": reference,
        "text": "Five-minute pasta with lemon and basil.",
        "title": "Lemon pasta",
        "link": "https://acme.example/pasta",
        "media": (MediaItem(url="https://cdn.acme.example/pasta.jpg", alt_text="a bowl"),),
    }
    fields.update(changes)
    return OutgoingPost(**fields)  # type: ignore[arg-type]  # a test's keyword overrides


@pytest.fixture
def fake() -> FakePinterest:
    return FakePinterest(now=NOW)


@pytest.fixture
def api(fake: FakePinterest) -> Iterator[str]:
    with serve_asgi(fake.app()) as url:
        yield url


def pinterest(api: str, client: httpx.AsyncClient | None = None) -> PinterestConnector:
    return PinterestConnector(
        client or new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url=api,
        now=lambda: NOW,
    )


def test_the_registry_builds_a_connector_with_every_capability_port() -> None:
    apps = {"pinterest": PlatformAppConfig(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)}
    connector = social_connectors(new_client(), apps)[Platform.PINTEREST]
    assert isinstance(connector, Publisher)
    assert isinstance(connector, ChannelDiscovery)
    assert isinstance(connector, MetricSource)


async def test_discovery_lists_every_board_across_pages(api: str) -> None:
    accounts = await pinterest(api).discover(TOKEN)
    assert [(a.kind, a.external_id, a.name) for a in accounts] == [
        (ChannelKind.PINTEREST_BOARD, "b1", "Recipes"),
        (ChannelKind.PINTEREST_BOARD, "b2", "Travel"),
        (ChannelKind.PINTEREST_BOARD, "b3", "Launches"),
    ]
    assert accounts[0].details == {"privacy": "PUBLIC"}


async def test_publishing_creates_a_pin_that_carries_our_reference(
    api: str, fake: FakePinterest
) -> None:
    published = await pinterest(api).publish(BOARD, TOKEN, post())
    [pin] = fake.pins
    assert pin["board_id"] == "b1"
    assert pin["title"] == "Lemon pasta"
    assert pin["description"] == "Five-minute pasta with lemon and basil."
    assert pin["link"] == "https://acme.example/pasta"
    assert pin["alt_text"] == "a bowl"
    assert pin["note"] == "umt-ref:pub-1"
    assert published.remote_id == pin["id"]
    assert published.url == f"https://www.pinterest.com/pin/{pin['id']}/"
    assert published.reference == "pub-1"
    assert published.published_at == NOW


@pytest.mark.parametrize(
    ("media", "why"),
    [
        ((), "text-only"),
        ((MediaItem(url="https://cdn.acme.example/a.mp4", kind=MediaKind.VIDEO),), "upload"),
    ],
)
async def test_what_cannot_be_pinned_is_refused_before_any_call(
    api: str, fake: FakePinterest, media: tuple[MediaItem, ...], why: str
) -> None:
    with pytest.raises(ContentRejected, match=why) as refused:
        await pinterest(api).publish(BOARD, TOKEN, post(media=media))
    assert refused.value.rejection is Rejection.MEDIA
    assert fake.pins == []


async def test_an_image_pinterest_cannot_fetch_is_a_media_rejection(
    api: str, fake: FakePinterest
) -> None:
    bad = (MediaItem(url="http://insecure.example/a.jpg"),)
    with pytest.raises(ContentRejected) as refused:
        await pinterest(api).publish(BOARD, TOKEN, post(media=bad))
    assert refused.value.rejection is Rejection.MEDIA
    assert fake.pins == []


@pytest.mark.parametrize("mode", ["drop", "504"])
async def test_a_lost_answer_is_an_unknown_outcome_that_reconciliation_resolves(
    api: str, fake: FakePinterest, mode: Mode
) -> None:
    for age in range(5):  # older Pins, so the match is on a later page
        fake.add_pin("b1", f"umt-ref:older-{age}" if age % 2 else None, age_minutes=60 + age)
    connector = pinterest(api)
    assert fake.loss is not None
    fake.loss.arm("POST", "/v5/pins", mode)
    with pytest.raises(OutcomeUnknown):
        await connector.publish(BOARD, TOKEN, post("pub-lost"))
    created = [p for p in fake.pins if p["note"] == "umt-ref:pub-lost"]
    assert len(created) == 1  # the effect happened
    found = await connector.find(BOARD, TOKEN, "pub-lost")
    assert found is not None
    assert found.remote_id == created[0]["id"]
    assert found.reference == "pub-lost"
    older = await connector.find(BOARD, TOKEN, "older-3")  # on the fake's third page
    assert older is not None
    assert await connector.find(BOARD, TOKEN, "never-sent") is None


async def test_a_timeout_after_sending_is_an_unknown_outcome(api: str, fake: FakePinterest) -> None:
    assert fake.loss is not None
    fake.loss.arm("POST", "/v5/pins", "slow")
    with pytest.raises(OutcomeUnknown):
        await pinterest(api, impatient_client()).publish(BOARD, TOKEN, post("pub-slow"))
    assert await pinterest(api).find(BOARD, TOKEN, "pub-slow") is not None


async def test_a_refused_connection_is_unavailable_not_unknown() -> None:
    with pytest.raises(PlatformUnavailable) as failed:
        await pinterest(refused_url()).publish(BOARD, TOKEN, post())
    assert not isinstance(failed.value, OutcomeUnknown)


async def test_an_expired_token_and_a_rate_limit_are_typed(api: str, fake: FakePinterest) -> None:
    with pytest.raises(TokenExpired):
        await pinterest(api).publish(BOARD, Credentials(access_token=EXPIRED), post())
    with pytest.raises(RateLimited) as limited:
        await pinterest(api).find(BOARD, Credentials(access_token=BUSY), "pub-1")
    assert limited.value.retry_after_seconds == 7
    assert fake.pins == []


async def test_recent_lists_the_pins_newer_than_the_cursor(api: str, fake: FakePinterest) -> None:
    fake.add_pin("b1", None, age_minutes=30)
    middle = fake.add_pin("b1", None, age_minutes=20)
    fake.add_pin("b2", None, age_minutes=15)  # another board
    newest = fake.add_pin("b1", None, age_minutes=10)
    connector = pinterest(api)
    everything = await connector.recent(BOARD, TOKEN)
    assert len(everything.posts) == 3
    assert everything.cursor == (NOW - timedelta(minutes=10)).isoformat()
    cursor = (NOW - timedelta(minutes=25)).isoformat()
    newer = await connector.recent(BOARD, TOKEN, cursor=cursor)
    assert [p.remote_id for p in newer.posts] == [newest["id"], middle["id"]]
    assert newer.cursor == everything.cursor
    nothing = await connector.recent(BOARD, TOKEN, cursor=newer.cursor)
    assert nothing.posts == []
    assert nothing.cursor == newer.cursor


async def test_delete_removes_the_pin_and_a_second_delete_is_not_an_error(
    api: str, fake: FakePinterest
) -> None:
    connector = pinterest(api)
    published = await connector.publish(BOARD, TOKEN, post())
    await connector.delete(BOARD, TOKEN, published.remote_id)
    assert fake.pins == []
    await connector.delete(BOARD, TOKEN, published.remote_id)


async def test_pins_cannot_be_commented_on(api: str) -> None:
    with pytest.raises(PlatformRejected, match="comment"):
        await pinterest(api).comment(BOARD, TOKEN, "1000", "#pasta")


async def test_metrics_are_the_lifetime_totals_mapped_to_normalized_names(
    api: str, fake: FakePinterest
) -> None:
    connector = pinterest(api)
    published = await connector.publish(BOARD, TOKEN, post())
    fake.lifetime[published.remote_id] = {
        "IMPRESSION": 120,
        "SAVE": 4,
        "PIN_CLICK": 9,
        "OUTBOUND_CLICK": 3,
    }
    batch = await connector.metrics(
        BOARD, TOKEN, cursor=None, remote_ids=[published.remote_id, "424242"], now=NOW
    )
    got = {r.metric: r.value for r in batch.readings}
    assert got == {
        Metric.IMPRESSIONS: Decimal(120),
        Metric.SAVES: Decimal(4),
        Metric.CLICKS: Decimal(9),
        Metric.LINK_CLICKS: Decimal(3),
    }
    assert {r.subject_remote_id for r in batch.readings} == {published.remote_id}  # 424242: gone
    assert all(
        r.subject_kind is SubjectKind.PUBLICATION and r.observed_at == NOW for r in batch.readings
    )
    assert batch.cursor == NOW.isoformat()
    [query, _] = fake.analytics_queries
    assert query["start_date"] == (NOW - timedelta(days=89)).date().isoformat()
    assert query["end_date"] == NOW.date().isoformat()
    assert set(query["metric_types"].split(",")) == {
        "IMPRESSION",
        "SAVE",
        "PIN_CLICK",
        "OUTBOUND_CLICK",
    }


def test_a_raw_metric_with_no_mapping_is_kept_unmapped() -> None:
    body = {"all": {"lifetime_metrics": {"IMPRESSION": 5, "VIDEO_MRC_VIEW": 2, "BROKEN": "x"}}}
    readings = {r.raw_name: r.metric for r in pin_readings("7", body, NOW)}
    assert readings == {"IMPRESSION": Metric.IMPRESSIONS, "VIDEO_MRC_VIEW": None}
