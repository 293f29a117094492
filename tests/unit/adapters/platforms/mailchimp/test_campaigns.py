"""Mailchimp audiences, campaigns and reports (the capability ports) against a loopback fake."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.unit.adapters.platforms.fake_platform import NOW
from tests.unit.adapters.platforms.mailchimp.fake_campaigns import GOOD, REVOKED, FakeMailchimp
from tests.unit.adapters.platforms.response_loss import Mode, impatient_client, refused_url

from umt.adapters.platforms.business import business_connectors
from umt.adapters.platforms.mailchimp import MailchimpConnector
from umt.adapters.platforms.mailchimp.campaigns import quarter_hour_at_or_after
from umt.adapters.platforms.mailchimp.limits import ConnectionSlots
from umt.domain.integration.errors import (
    ContentRejected,
    InvalidCredentials,
    OutcomeUnknown,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
)
from umt.domain.integration.platforms import Platform
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.channel_discovery import ChannelDiscovery
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricSource
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import OutgoingPost, Publisher

KEY = Credentials(access_token=GOOD, extra={"dc": "us21"})
AUDIENCE = ChannelTarget(
    kind=ChannelKind.MAILCHIMP_AUDIENCE,
    external_id="list1",
    details={"from_name": "Acme", "reply_to": "news@acme.example"},
)


def email(reference: str = "pub-1", **changes: object) -> OutgoingPost:
    fields: dict[str, object] = {
        "reference": reference,
        "title": "Our spring launch",
        "preview_text": "Monday, 9:00",
        "text": "We launch on Monday.\n\nBring friends & family.",
        "link": "https://acme.example/launch",
    }
    fields.update(changes)
    return OutgoingPost(**fields)  # type: ignore[arg-type]  # a test's keyword overrides


@pytest.fixture
def fake() -> FakeMailchimp:
    return FakeMailchimp(now=NOW)


@pytest.fixture
def api(fake: FakeMailchimp) -> Iterator[str]:
    with serve_asgi(fake.app()) as url:
        yield url


def mailchimp(
    api: str, client: httpx.AsyncClient | None = None, **options: str
) -> MailchimpConnector:
    return MailchimpConnector(
        client or new_client(), api_base_url=api + "/{dc}", options=options, now=lambda: NOW
    )


def test_the_registry_builds_a_connector_with_every_capability_port() -> None:
    connector = business_connectors(new_client(), {}, lambda: NOW)[Platform.MAILCHIMP]
    assert isinstance(connector, Publisher)
    assert isinstance(connector, ChannelDiscovery)
    assert isinstance(connector, MetricSource)


@pytest.mark.parametrize(
    ("planned", "sent"),
    [
        ("09:00:00", "09:00:00"),
        ("09:00:01", "09:15:00"),
        ("09:07:00", "09:15:00"),
        ("09:15:00", "09:15:00"),
        ("09:44:59.5", "09:45:00"),
        ("23:50:00", "00:00:00"),
    ],
)
def test_send_times_round_up_to_the_quarter_hour(planned: str, sent: str) -> None:
    day = datetime(2026, 12, 1, tzinfo=UTC)
    when = datetime.fromisoformat(f"2026-12-01T{planned}+00:00")
    rounded = quarter_hour_at_or_after(when)
    assert rounded.time().isoformat() == sent
    assert timedelta(0) <= rounded - when < timedelta(minutes=15)
    assert rounded.date() == (day if sent != "00:00:00" else day + timedelta(days=1)).date()


async def test_discovery_lists_every_audience_with_its_campaign_defaults(api: str) -> None:
    accounts = await mailchimp(api).discover(KEY)
    assert [(a.kind, a.external_id, a.name) for a in accounts] == [
        (ChannelKind.MAILCHIMP_AUDIENCE, "list0", "Audience 0"),
        (ChannelKind.MAILCHIMP_AUDIENCE, "list1", "Audience 1"),
        (ChannelKind.MAILCHIMP_AUDIENCE, "list2", "Audience 2"),
    ]
    assert accounts[1].details == {"from_name": "Acme", "reply_to": "news@acme.example"}


async def test_publishing_now_creates_fills_and_sends_one_campaign(
    api: str, fake: FakeMailchimp
) -> None:
    published = await mailchimp(api).publish(AUDIENCE, KEY, email())
    [campaign] = fake.campaigns.values()
    assert campaign["status"] == "sent"
    assert campaign["recipients"] == {"list_id": "list1"}
    assert campaign["settings"] == {
        "subject_line": "Our spring launch",
        "preview_text": "Monday, 9:00",
        "title": "Our spring launch [umt:pub-1]",
        "from_name": "Acme",
        "reply_to": "news@acme.example",
    }
    assert "<p>Bring friends &amp; family.</p>" in campaign["html"]
    assert '<a href="*|UNSUB|*">' in campaign["html"]
    assert published.remote_id == campaign["id"]
    assert published.url == campaign["long_archive_url"]
    assert published.published_at == NOW
    assert published.reference == "pub-1"


async def test_a_later_send_time_is_scheduled_on_the_next_quarter_hour(
    api: str, fake: FakeMailchimp
) -> None:
    planned = NOW + timedelta(days=1, minutes=7)
    published = await mailchimp(api).publish(AUDIENCE, KEY, email(send_at=planned))
    [campaign] = fake.campaigns.values()
    assert campaign["status"] == "schedule"
    assert datetime.fromisoformat(campaign["send_time"]) == NOW + timedelta(days=1, minutes=15)
    assert published.published_at == NOW + timedelta(days=1, minutes=15)
    found = await mailchimp(api).find(AUDIENCE, KEY, "pub-1")
    assert found is not None
    assert found.remote_id == campaign["id"]


async def test_the_fake_refuses_a_time_off_the_quarter_hour(api: str, fake: FakeMailchimp) -> None:
    # What umt's rounding prevents: Mailchimp's own 400 for 09:07, typed as a rejection.
    connector = mailchimp(api)
    await connector.publish(AUDIENCE, KEY, email(send_at=NOW + timedelta(days=1)))
    campaign_id = next(iter(fake.campaigns))
    fake.campaigns[campaign_id]["status"] = "save"
    with pytest.raises(ContentRejected, match="quarter-hour"):
        await connector._json(
            KEY,
            "POST",
            f"/campaigns/{campaign_id}/actions/schedule",
            json={"schedule_time": "2026-11-26T09:07:00+00:00"},
            write=True,
        )


@pytest.mark.parametrize(
    ("step", "mode"),
    [
        ("/us21/3.0/campaigns", "drop"),  # create: the campaign exists, its id never came back
        ("/us21/3.0/campaigns/", "504"),  # content: the first call after create
    ],
)
async def test_a_half_done_campaign_is_completed_not_duplicated(
    api: str, fake: FakeMailchimp, step: str, mode: Mode
) -> None:
    connector = mailchimp(api)
    assert fake.loss is not None
    fake.loss.arm("POST" if step.endswith("campaigns") else "PUT", step, mode)
    with pytest.raises(OutcomeUnknown):
        await connector.publish(AUDIENCE, KEY, email("pub-half"))
    [campaign] = fake.campaigns.values()
    assert campaign["status"] == "save"
    assert await connector.find(AUDIENCE, KEY, "pub-half") is None  # not published yet
    published = await connector.publish(AUDIENCE, KEY, email("pub-half"))
    assert list(fake.campaigns) == [published.remote_id]  # the same campaign, completed
    assert campaign["status"] == "sent"


async def test_a_lost_answer_to_send_is_reconciled_by_our_reference(
    api: str, fake: FakeMailchimp
) -> None:
    connector = mailchimp(api)
    assert fake.loss is not None
    fake.loss.arm("POST", "/us21/3.0/campaigns/c0000a/actions/send", "drop")
    with pytest.raises(OutcomeUnknown):
        await connector.publish(AUDIENCE, KEY, email("pub-sent"))
    found = await connector.find(AUDIENCE, KEY, "pub-sent")
    assert found is not None
    assert found.remote_id == "c0000a"
    again = await connector.publish(AUDIENCE, KEY, email("pub-sent"))  # a blind retry
    assert again.remote_id == "c0000a"
    assert len(fake.campaigns) == 1


async def test_a_timeout_after_sending_is_unknown_and_a_refused_connection_is_not(
    api: str, fake: FakeMailchimp
) -> None:
    assert fake.loss is not None
    fake.loss.arm("POST", "/us21/3.0/campaigns", "slow")
    with pytest.raises(OutcomeUnknown):
        await mailchimp(api, impatient_client()).publish(AUDIENCE, KEY, email())
    with pytest.raises(PlatformUnavailable) as failed:
        await mailchimp(refused_url()).publish(AUDIENCE, KEY, email())
    assert not isinstance(failed.value, OutcomeUnknown)


async def test_a_campaign_without_subject_or_sender_is_refused_before_any_call(
    api: str, fake: FakeMailchimp
) -> None:
    bare = ChannelTarget(kind=ChannelKind.MAILCHIMP_AUDIENCE, external_id="list1")
    with pytest.raises(ContentRejected, match="from_name"):
        await mailchimp(api).publish(bare, KEY, email())
    with pytest.raises(ContentRejected, match="subject"):
        await mailchimp(api).publish(AUDIENCE, KEY, email(title=None))
    assert fake.campaigns == {}


async def test_a_revoked_key_is_invalid_credentials(api: str, fake: FakeMailchimp) -> None:
    with pytest.raises(InvalidCredentials):
        await mailchimp(api).publish(AUDIENCE, Credentials(access_token=REVOKED), email())
    assert fake.campaigns == {}


async def test_at_most_ten_requests_are_in_flight_per_key(api: str, fake: FakeMailchimp) -> None:
    fake.delay = 0.05
    connector = mailchimp(api)
    await asyncio.gather(*(connector.discover(KEY) for _ in range(25)))
    assert fake.too_many == 0
    assert 1 < fake.most_in_flight <= 10


async def test_thirty_publishes_through_three_connectors_keep_ten_in_flight(
    api: str, fake: FakeMailchimp
) -> None:
    """The limit is the process's, not a connector's: three connectors (an API server's and
    two agents', say) publishing thirty emails at once never have more than ten requests of
    the account at Mailchimp."""
    fake.delay = 0.02
    connectors = [mailchimp(api), mailchimp(api), mailchimp(api)]
    sent = await asyncio.gather(
        *(connectors[n % 3].publish(AUDIENCE, KEY, email(f"pub-{n}")) for n in range(30))
    )
    assert fake.too_many == 0
    assert 1 < fake.most_in_flight <= 10
    assert len({p.remote_id for p in sent}) == 30
    assert len(fake.campaigns) == 30


async def test_beyond_ten_connections_mailchimp_answers_429_without_retry_after(
    api: str, fake: FakeMailchimp
) -> None:
    fake.delay = 0.2
    # two processes (each with its own slots): twenty in flight
    connectors = [
        MailchimpConnector(new_client(), api_base_url=api + "/{dc}", slots=ConnectionSlots())
        for _ in range(2)
    ]
    results = await asyncio.gather(
        *(connectors[n % 2].discover(KEY) for n in range(20)), return_exceptions=True
    )
    limited = [r for r in results if isinstance(r, RateLimited)]
    assert limited
    assert all(r.retry_after_seconds is None for r in limited)


def test_the_connection_limit_option_is_checked_at_start_up() -> None:
    with pytest.raises(ValueError, match="max_connections"):
        MailchimpConnector(new_client(), options={"max_connections": "11"})


async def test_recent_lists_sent_campaigns_after_the_cursor(api: str, fake: FakeMailchimp) -> None:
    connector = MailchimpConnector(new_client(), api_base_url=api + "/{dc}", now=lambda: fake.now)
    for minutes in (0, 10, 20):
        fake.now = NOW + timedelta(minutes=minutes)
        await connector.publish(AUDIENCE, KEY, email(f"pub-{minutes}"))
    everything = await connector.recent(AUDIENCE, KEY)
    assert [p.reference for p in everything.posts] == ["pub-20", "pub-10", "pub-0"]
    cursor = (NOW + timedelta(minutes=5)).isoformat()
    newer = await connector.recent(AUDIENCE, KEY, cursor=cursor)
    assert [p.reference for p in newer.posts] == ["pub-20", "pub-10"]
    assert newer.cursor == (NOW + timedelta(minutes=20)).isoformat()
    assert (await connector.recent(AUDIENCE, KEY, cursor=newer.cursor)).posts == []


async def test_delete_removes_the_campaign_and_email_has_no_comments(
    api: str, fake: FakeMailchimp
) -> None:
    connector = mailchimp(api)
    published = await connector.publish(AUDIENCE, KEY, email())
    await connector.delete(AUDIENCE, KEY, published.remote_id)
    assert fake.campaigns == {}
    await connector.delete(AUDIENCE, KEY, published.remote_id)
    with pytest.raises(PlatformRejected, match="comments"):
        await connector.comment(AUDIENCE, KEY, published.remote_id, "hi")


async def test_metrics_map_the_report_onto_email_metrics(api: str, fake: FakeMailchimp) -> None:
    connector = mailchimp(api)
    published = await connector.publish(AUDIENCE, KEY, email())
    fake.reports[published.remote_id] = {
        "emails_sent": 1000,
        "bounces": {"hard_bounces": 12, "soft_bounces": 7, "syntax_errors": 1},
        "opens": {"opens_total": 640, "unique_opens": 410, "open_rate": 0.41},
        "clicks": {"clicks_total": 130, "unique_clicks": 90, "unique_subscriber_clicks": 80},
        "unsubscribed": 5,
    }
    scheduled = await connector.publish(
        AUDIENCE, KEY, email("pub-later", send_at=NOW + timedelta(days=1))
    )
    batch = await connector.metrics(
        AUDIENCE, KEY, cursor=None, remote_ids=[published.remote_id, scheduled.remote_id], now=NOW
    )
    mapped = {r.metric: r.value for r in batch.readings if r.metric is not None}
    assert mapped == {
        Metric.DELIVERED: Decimal(980),
        Metric.OPENS: Decimal(410),
        Metric.CLICKS: Decimal(80),
        Metric.UNSUBSCRIBES: Decimal(5),
        Metric.BOUNCES: Decimal(20),
    }
    unmapped = {r.raw_name: r.value for r in batch.readings if r.metric is None}
    assert unmapped == {"opens.opens_total": Decimal(640), "clicks.clicks_total": Decimal(130)}
    assert {r.subject_remote_id for r in batch.readings} == {published.remote_id}  # no report yet
    assert all(r.subject_kind is SubjectKind.EMAIL_CAMPAIGN for r in batch.readings)
    assert batch.cursor == NOW.isoformat()
