"""MetaAdsConnector's capability ports against a fake Marketing API on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.support.lost_answers import LoseAnswers
from tests.unit.adapters.platforms import fake_graph
from tests.unit.adapters.platforms.fake_platform import CLIENT_ID, CLIENT_SECRET
from tests.unit.adapters.platforms.meta_ads import fake_marketing
from tests.unit.adapters.platforms.meta_ads.fake_marketing import STATE

from umt.adapters.platforms.meta_ads import MetaAdsConnector
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import AdLevel, BidStrategy, DeliveryStatus, Objective
from umt.domain.integration.errors import (
    OutcomeUnknown,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
)
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.metrics import Metric
from umt.domain.shared.money import Money
from umt.ports.ad_network import (
    AdNetwork,
    AdSetSpec,
    AdSpec,
    CampaignSpec,
    CampaignUpdate,
    Creative,
    Targeting,
)
from umt.ports.channel_discovery import ChannelDiscovery
from umt.ports.channel_target import ChannelTarget
from umt.ports.metric_source import MetricSource
from umt.ports.platform_connector import Credentials

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TOKEN = Credentials(access_token=fake_graph.LONG_TOKEN, expires_at=NOW + timedelta(days=30))
TARGET = ChannelTarget(kind=ChannelKind.META_AD_ACCOUNT, external_id="act_777")
FAULTS = LoseAnswers(fake_marketing.marketing_app())


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(FAULTS) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh() -> None:
    STATE.objects.clear()
    STATE.writes.clear()
    STATE.insights.clear()
    FAULTS.armed.clear()


def meta(base: str) -> MetaAdsConnector:
    return MetaAdsConnector(
        new_client(),
        OAuthApp(client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        api_base_url=base,
        options={"graph_api_version": fake_graph.VERSION},
        now=lambda: NOW,
    )


def campaign(ref: str = "cmp-1") -> CampaignSpec:
    return CampaignSpec(reference=ref, name="Winter sale", objective=Objective.SALES)


def ad_set(amount: str = "12.50", currency: str = "EUR", **extra: object) -> AdSetSpec:
    fields: dict[str, object] = {
        "reference": "set-1",
        "name": "Berlin 25-44",
        "budget": Budget(BudgetKind.DAILY, Money.of(amount, currency)),
        "targeting": Targeting(countries=("de",), age_min=25, age_max=44, genders=("female",)),
        **extra,
    }
    return AdSetSpec(**fields)  # type: ignore[arg-type]  # the test's overrides


AD = AdSpec(
    reference="ad-1",
    name="Variant A",
    creative=Creative(headline="Warm coats", body="40% off", link="https://acme.example/sale"),
)


def test_the_registry_connector_implements_the_capability_ports() -> None:
    connector = meta("http://127.0.0.1:9")
    assert isinstance(connector, AdNetwork)
    assert isinstance(connector, MetricSource)
    assert isinstance(connector, ChannelDiscovery)


async def test_discovery_lists_every_ad_account_across_pages(base: str) -> None:
    accounts = await meta(base).discover(TOKEN)
    assert [(a.external_id, a.currency, a.time_zone) for a in accounts] == [
        ("act_777", "EUR", "Europe/Berlin"),
        ("act_778", "JPY", "Asia/Tokyo"),
    ]
    assert accounts[0].kind is ChannelKind.META_AD_ACCOUNT
    assert accounts[0].details["currency"] == "EUR"


async def test_a_tree_is_created_paused_in_minor_units_then_activated(base: str) -> None:
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    group = await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set())
    ad = await ads.create_ad(TARGET, TOKEN, group.remote_id, AD)
    sent = {w["edge"]: w for w in STATE.writes if "edge" in w}
    assert sent["campaigns"]["objective"] == "OUTCOME_SALES"
    assert sent["campaigns"]["name"] == "Winter sale [umt:cmp-1]"
    assert sent["adsets"]["daily_budget"] == "1250"  # 12.50 EUR in cents, an integer
    assert json.loads(sent["adsets"]["targeting"]) == {
        "geo_locations": {"countries": ["DE"]}, "age_min": 25, "age_max": 44, "genders": [2],
    }  # fmt: skip
    assert sent["adsets"]["bid_strategy"] == "LOWEST_COST_WITHOUT_CAP"
    assert json.loads(sent["adcreatives"]["object_story_spec"])["page_id"] == "501"
    assert {w.get("status") for w in sent.values() if "status" in w} == {"PAUSED"}

    for level, remote in ((AdLevel.AD, ad), (AdLevel.AD_SET, group), (AdLevel.CAMPAIGN, made)):
        await ads.set_status(TARGET, TOKEN, level, remote.remote_id, DeliveryStatus.ACTIVE)
    read = await ads.get(TARGET, TOKEN, AdLevel.AD_SET, group.remote_id)
    assert read is not None
    assert (read.status, read.reference, read.parent_remote_id) == (
        DeliveryStatus.ACTIVE, "set-1", made.remote_id,
    )  # fmt: skip
    assert read.budget == Budget(BudgetKind.DAILY, Money.of("12.50", "EUR"))
    listed = await ads.list(TARGET, TOKEN, AdLevel.AD, parent_remote_id=group.remote_id)
    assert [a.remote_id for a in listed] == [ad.remote_id]


@pytest.mark.parametrize("mode", ["drop", "504"])
async def test_a_lost_answer_is_unknown_and_find_completes_the_tree_without_duplicates(
    base: str, mode: str
) -> None:
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    FAULTS.arm("POST", "/act_777/adsets", mode)
    with pytest.raises(OutcomeUnknown):
        await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set())
    # reconcile before any retry: the ad set exists, found by our reference
    found = await ads.find(TARGET, TOKEN, AdLevel.AD_SET, "set-1")
    assert found is not None
    assert found.parent_remote_id == made.remote_id
    assert await ads.find(TARGET, TOKEN, AdLevel.AD_SET, "set-10") is None
    await ads.create_ad(TARGET, TOKEN, found.remote_id, AD)
    assert len(STATE.of_kind("adset")) == 1
    assert len(STATE.of_kind("ad")) == 1


async def test_a_budget_in_another_currency_is_refused_before_any_call(base: str) -> None:
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    with pytest.raises(InvalidValue, match="EUR"):
        await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set(currency="USD"))
    assert STATE.of_kind("adset") == []


async def test_the_fake_refuses_a_budget_in_major_units(base: str) -> None:
    """What the adapter protects against: Meta reads integers as cents (10 → 0.10 EUR)."""
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    with pytest.raises(PlatformRejected, match="too low"):
        await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set(amount="0.10"))


async def test_meta_refusals_carry_its_message(base: str) -> None:
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    nowhere = ad_set(targeting=Targeting(age_min=18))
    with pytest.raises(PlatformRejected, match="missing a location"):
        await ads.create_ad_set(TARGET, TOKEN, made.remote_id, nowhere)
    lifetime = ad_set(budget=Budget(BudgetKind.LIFETIME, Money.of("300", "EUR")))
    with pytest.raises(InvalidValue, match="end time"):  # neither its end nor its campaign's
        await ads.create_ad_set(TARGET, TOKEN, made.remote_id, lifetime)
    capped = ad_set(bid_strategy=BidStrategy.BID_CAP)
    with pytest.raises(InvalidValue, match="needs a bid"):
        await ads.create_ad_set(TARGET, TOKEN, made.remote_id, capped)


async def test_an_ad_set_that_follows_its_campaign_gets_the_campaigns_dates(base: str) -> None:
    """Meta keeps the flight on the ad set: one without dates of its own is sent its
    campaign's, so a lifetime budget has the end_time Meta requires with it."""
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    starts, ends = NOW + timedelta(days=1), NOW + timedelta(days=15)
    flight = {"campaign_starts_at": starts, "campaign_ends_at": ends}
    lifetime = Budget(BudgetKind.LIFETIME, Money.of("300", "EUR"))
    follower = await ads.create_ad_set(
        TARGET, TOKEN, made.remote_id, ad_set(budget=lifetime, **flight)
    )
    sent = STATE.objects[follower.remote_id]
    assert (sent["lifetime_budget"], sent["start_time"], sent["end_time"]) == (
        "30000", starts.isoformat(), ends.isoformat(),
    )  # fmt: skip
    own_end = NOW + timedelta(days=5)
    own = await ads.create_ad_set(
        TARGET, TOKEN, made.remote_id, ad_set(reference="set-2", ends_at=own_end, **flight)
    )
    assert STATE.objects[own.remote_id]["end_time"] == own_end.isoformat()  # its own wins
    assert STATE.objects[own.remote_id]["start_time"] == starts.isoformat()


async def test_the_fake_refuses_a_lifetime_budget_without_an_end_as_meta_does(
    base: str,
) -> None:
    """What the adapter's own check spares a call for: Meta's refusal, as the fake plays it."""
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    fields: dict[str, object] = {
        "name": "No end",
        "campaign_id": made.remote_id,
        "status": "PAUSED",
        "lifetime_budget": 30000,
        "targeting": {"geo_locations": {"countries": ["DE"]}},
    }
    for end in (None, 0):
        with pytest.raises(PlatformRejected, match="end_time"):
            await ads._marketing.created_id(
                "act_777/adsets", TOKEN, {**fields, "end_time": end} if end is not None else fields
            )
    assert STATE.of_kind("adset") == []
    ended = {**fields, "end_time": (NOW + timedelta(days=3)).isoformat()}
    assert await ads._marketing.created_id("act_777/adsets", TOKEN, ended)


async def test_interests_are_resolved_and_an_unknown_one_is_refused(base: str) -> None:
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    hikers = ad_set(targeting=Targeting(countries=("DE",), interests=("hiking",)))
    await ads.create_ad_set(TARGET, TOKEN, made.remote_id, hikers)
    sent = json.loads(STATE.of_kind("adset")[0]["targeting"])
    assert sent["flexible_spec"] == [{"interests": [{"id": "6003139266461", "name": "Hiking"}]}]
    odd = ad_set(targeting=Targeting(countries=("DE",), interests=("unheard-of",)))
    with pytest.raises(PlatformRejected, match="no interest"):
        await ads.create_ad_set(TARGET, TOKEN, made.remote_id, odd)
    assert len(STATE.of_kind("adset")) == 1


async def test_set_budget_changes_the_daily_budget_and_keeps_its_kind(base: str) -> None:
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    group = await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set())
    await ads.set_budget(
        TARGET, TOKEN, group.remote_id, Budget(BudgetKind.DAILY, Money.of("15", "EUR"))
    )
    assert STATE.objects[group.remote_id]["daily_budget"] == "1500"
    with pytest.raises(InvalidValue, match="daily"):
        await ads.set_budget(
            TARGET, TOKEN, group.remote_id, Budget(BudgetKind.LIFETIME, Money.of("15", "EUR"))
        )


async def test_update_campaign_renames_it_and_moves_the_ad_sets_that_follow_it(
    base: str,
) -> None:
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    follower = await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set())
    own = await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set())
    ends = datetime(2027, 3, 1, 12, tzinfo=UTC)
    update = CampaignUpdate(
        reference="cmp-1", name="Spring sale", ends_at=ends, follower_ad_sets=(follower.remote_id,)
    )
    await ads.update_campaign(TARGET, TOKEN, made.remote_id, update)
    assert STATE.objects[made.remote_id]["name"] == "Spring sale [umt:cmp-1]"
    assert STATE.objects[follower.remote_id]["end_time"] == ends.isoformat()
    assert "end_time" not in STATE.objects[own.remote_id] or (
        STATE.objects[own.remote_id]["end_time"] != ends.isoformat()
    )
    found = await ads.find(TARGET, TOKEN, AdLevel.CAMPAIGN, "cmp-1")
    assert found is not None
    assert found.remote_id == made.remote_id  # still found by reference
    await ads.update_campaign(
        TARGET, TOKEN, made.remote_id,
        CampaignUpdate(reference="cmp-1", drop_end=True, follower_ad_sets=(follower.remote_id,)),
    )  # fmt: skip
    assert str(STATE.objects[follower.remote_id]["end_time"]) == "0"  # Meta: ongoing
    assert STATE.objects[made.remote_id]["name"] == "Spring sale [umt:cmp-1]"  # name kept


@pytest.mark.parametrize(
    ("token", "error"),
    [("tok_expired_9f8e", TokenExpired), ("tok_throttled_9f8e", RateLimited)],
)
async def test_token_and_rate_limit_errors_are_typed(
    base: str, token: str, error: type[Exception]
) -> None:
    with pytest.raises(error) as raised:
        await meta(base).create_campaign(TARGET, Credentials(access_token=token), campaign())
    if isinstance(raised.value, RateLimited):
        assert raised.value.retry_after_seconds == 300  # X-Business-Use-Case-Usage, 5 minutes


async def test_a_refused_connection_is_unavailable_not_unknown() -> None:
    with pytest.raises(PlatformUnavailable) as raised:
        await meta("http://127.0.0.1:9").create_campaign(TARGET, TOKEN, campaign())
    assert not isinstance(raised.value, OutcomeUnknown)


async def test_insights_become_readings_in_the_account_currency(base: str) -> None:
    STATE.insights.extend([
        {"ad_id": "9001", "date_start": "2026-11-24", "date_stop": "2026-11-24",
         "spend": "12.34", "impressions": "1000", "clicks": "20",
         "actions": [{"action_type": "offsite_conversion.fb_pixel_purchase", "value": "3"},
                     {"action_type": "purchase", "value": "3"},
                     {"action_type": "link_click", "value": "20"}],
         "action_values": [{"action_type": "offsite_conversion.fb_pixel_purchase",
                            "value": "89.70"}]},
    ])  # fmt: skip
    batch = await meta(base).metrics(TARGET, TOKEN, cursor="2026-11-20", now=NOW)
    by_metric = {r.metric: r for r in batch.readings}
    assert by_metric[Metric.SPEND].value == Decimal("12.34")
    assert by_metric[Metric.SPEND].currency == "EUR"
    assert by_metric[Metric.CONVERSIONS].value == 3  # not 6: purchase is the same purchases
    assert by_metric[Metric.CONVERSION_VALUE].value == Decimal("89.70")
    assert by_metric[Metric.IMPRESSIONS].value == 1000
    assert by_metric[None].raw_name == "actions:link_click"  # unknown: the caller skips it
    # the day's total, observed at the end of 24 Nov in Berlin
    assert by_metric[Metric.SPEND].observed_at == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    query = STATE.insight_queries[-1]
    assert (query["level"], query["time_increment"]) == ("ad", "1")
    assert json.loads(query["time_range"]) == {"since": "2026-11-20", "until": "2026-11-25"}
    assert batch.cursor == "2026-11-23"
    with pytest.raises(InvalidValue):
        await meta(base).metrics(TARGET, TOKEN, cursor="yesterday", now=NOW)


async def test_a_daily_budget_needs_a_flight_longer_than_24_hours_as_meta_says(base: str) -> None:
    """The adapter refuses before any call; the fake refuses as Meta does when asked anyway."""
    ads = meta(base)
    made = await ads.create_campaign(TARGET, TOKEN, campaign())
    day = {"starts_at": NOW + timedelta(hours=1), "ends_at": NOW + timedelta(hours=25)}
    with pytest.raises(InvalidValue, match="longer than 24 hours") as refused:
        await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set(**day))
    assert refused.value.field == "ends_at"
    assert STATE.of_kind("adset") == []
    fields: dict[str, object] = {
        "name": "One day",
        "campaign_id": made.remote_id,
        "status": "PAUSED",
        "daily_budget": 5000,
        "start_time": day["starts_at"].isoformat(),
        "end_time": day["ends_at"].isoformat(),
        "targeting": {"geo_locations": {"countries": ["DE"]}},
    }
    with pytest.raises(PlatformRejected, match="longer than 24 hours"):
        await ads._marketing.created_id("act_777/adsets", TOKEN, fields)
    assert STATE.of_kind("adset") == []
    longer = {**day, "ends_at": NOW + timedelta(hours=26)}  # 25 hours: fine
    assert await ads.create_ad_set(TARGET, TOKEN, made.remote_id, ad_set(**longer))
    ongoing = await ads._marketing.created_id("act_777/adsets", TOKEN, {**fields, "end_time": 0})
    assert ongoing
