"""GoogleAdsConnector's capability ports against a fake Google Ads API on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from tests.support.loopback_server import new_client, serve_asgi
from tests.support.lost_answers import LoseAnswers
from tests.unit.adapters.platforms.google_ads import fake_ads_api
from tests.unit.adapters.platforms.google_ads.fake_ads_api import CID, STATE

from umt.adapters.platforms.google_ads import GoogleAdsConnector
from umt.adapters.platforms.oauth2 import OAuthApp
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import AdLevel, DeliveryStatus, Objective
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
TOKEN = Credentials(access_token="at-good")
TARGET = ChannelTarget(kind=ChannelKind.GOOGLE_ADS_CUSTOMER, external_id=CID)
FAULTS = LoseAnswers(fake_ads_api.ads_app())
CAMPAIGN = CampaignSpec(reference="cmp-1", name="Winter sale", objective=Objective.TRAFFIC)
AD_SET = AdSetSpec(
    reference="set-1",
    name="Berlin",
    budget=Budget(BudgetKind.DAILY, Money.of("12.50", "EUR")),
    targeting=Targeting(countries=("DE",), languages=("de",), age_min=25, genders=("female",)),
)
AD = AdSpec(
    reference="ad-1",
    name="Variant A",
    creative=Creative(
        headline="Warm coats", body="40% off all coats", link="https://acme.example/s"
    ),
)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve_asgi(FAULTS) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh() -> None:
    STATE.rows.clear()
    STATE.mutates.clear()
    STATE.queries.clear()
    STATE.metrics.clear()
    FAULTS.armed.clear()


def google(base: str) -> GoogleAdsConnector:
    return GoogleAdsConnector(
        new_client(),
        app=OAuthApp(client_id="123.apps.googleusercontent.com", client_secret="s"),
        api_base_url=base,
        auth_base_url=base,
        options={"developer_token": fake_ads_api.DEV_TOKEN, "api_version": fake_ads_api.V},
        now=lambda: NOW,
    )


def live(table: str) -> list[dict[str, object]]:
    return [r for r in STATE.table(table).values() if r.get("status") != "REMOVED"]


def test_the_registry_connector_implements_the_capability_ports() -> None:
    connector = google("http://127.0.0.1:9")
    assert isinstance(connector, AdNetwork)
    assert isinstance(connector, MetricSource)
    assert isinstance(connector, ChannelDiscovery)


async def test_discovery_reads_each_accessible_customer(base: str) -> None:
    accounts = await google(base).discover(TOKEN)
    # 9999999999 is not enabled: skipped, not fatal
    assert [(a.external_id, a.name, a.currency, a.time_zone) for a in accounts] == [
        (CID, "Acme", "EUR", "Europe/Berlin")
    ]
    assert accounts[0].kind is ChannelKind.GOOGLE_ADS_CUSTOMER


async def test_the_whole_tree_is_one_atomic_mutate_in_micros(base: str) -> None:
    campaign, group, ad = await google(base).create_tree(TARGET, TOKEN, CAMPAIGN, AD_SET, AD)
    assert len(STATE.mutates) == 1
    operations = STATE.mutates[0]
    budget = operations[0]["campaignBudgetOperation"]["create"]
    assert budget["resourceName"] == f"customers/{CID}/campaignBudgets/-1"
    assert budget["amountMicros"] == "12500000"
    created = operations[1]["campaignOperation"]["create"]
    assert created["campaignBudget"] == budget["resourceName"]
    assert (created["status"], created["name"]) == ("PAUSED", "Winter sale [umt:cmp-1]")
    kinds = [next(iter(o)) for o in operations]
    assert kinds.count("campaignCriterionOperation") == 2  # Germany, German
    assert kinds.count("adGroupCriterionOperation") == 2  # 18-24 and men left out
    assert campaign.remote_id.startswith(f"customers/{CID}/campaigns/")
    assert group.parent_remote_id == campaign.remote_id
    assert ad.remote_id.startswith(f"customers/{CID}/adGroupAds/")
    read = await google(base).get(TARGET, TOKEN, AdLevel.AD_SET, group.remote_id)
    assert read is not None
    assert read.budget == Budget(BudgetKind.DAILY, Money.of("12.50", "EUR"))
    assert read.reference == "set-1"


@pytest.mark.parametrize("mode", ["drop", "504"])
async def test_a_lost_answer_then_a_retry_reconciles_instead_of_duplicating(
    base: str, mode: str
) -> None:
    ads = google(base)
    FAULTS.arm("POST", "googleAds:mutate", mode)
    with pytest.raises(OutcomeUnknown):
        await ads.create_tree(TARGET, TOKEN, CAMPAIGN, AD_SET, AD)
    found = await ads.find(TARGET, TOKEN, AdLevel.CAMPAIGN, "cmp-1")
    assert found is not None
    # the retry hits DUPLICATE_CAMPAIGN_NAME and is reconciled by reference
    campaign, group, ad = await ads.create_tree(TARGET, TOKEN, CAMPAIGN, AD_SET, AD)
    assert campaign.remote_id == found.remote_id
    assert len(live("campaigns")) == 1
    assert len(live("adGroups")) == 1
    assert len(live("adGroupAds")) == 1
    assert ad.reference == "ad-1"
    assert group.reference == "set-1"


async def test_level_by_level_a_half_tree_is_completed(base: str) -> None:
    ads = google(base)
    campaign = await ads.create_campaign(TARGET, TOKEN, CAMPAIGN)
    FAULTS.arm("POST", "googleAds:mutate", "drop")
    with pytest.raises(OutcomeUnknown):
        await ads.create_ad_set(TARGET, TOKEN, campaign.remote_id, AD_SET)
    # a blind retry is reconciled too (duplicate ad group name → found by reference)
    group = await ads.create_ad_set(TARGET, TOKEN, campaign.remote_id, AD_SET)
    assert len(live("adGroups")) == 1
    assert group.parent_remote_id == campaign.remote_id
    await ads.create_ad(TARGET, TOKEN, group.remote_id, AD)
    found = await ads.find(TARGET, TOKEN, AdLevel.AD, "ad-1")
    assert found is not None
    assert found.parent_remote_id == group.remote_id
    # the ad set's budget became the campaign's
    budgets = [b for b in live("campaignBudgets") if b.get("amountMicros") == "12500000"]
    assert len(budgets) == 1


async def test_a_lifetime_ad_set_may_end_with_its_campaign(base: str) -> None:
    ads = google(base)
    ends = datetime(2027, 3, 1, 12, tzinfo=UTC)
    campaign = await ads.create_campaign(TARGET, TOKEN, replace(CAMPAIGN, ends_at=ends))
    lifetime = Budget(BudgetKind.LIFETIME, Money.of("300", "EUR"))
    with pytest.raises(InvalidValue, match="end time"):  # no end of its own nor its campaign's
        await ads.create_ad_set(TARGET, TOKEN, campaign.remote_id, replace(AD_SET, budget=lifetime))
    follower = replace(AD_SET, budget=lifetime, campaign_ends_at=ends)
    await ads.create_ad_set(TARGET, TOKEN, campaign.remote_id, follower)
    assert [b.get("totalAmountMicros") for b in live("campaignBudgets")] == ["300000000"]


async def test_status_and_budget_changes(base: str) -> None:
    ads = google(base)
    campaign, group, _ = await ads.create_tree(TARGET, TOKEN, CAMPAIGN, AD_SET, AD)
    await ads.set_status(TARGET, TOKEN, AdLevel.CAMPAIGN, campaign.remote_id, DeliveryStatus.ACTIVE)
    assert STATE.table("campaigns")[campaign.remote_id]["status"] == "ENABLED"
    await ads.set_budget(
        TARGET, TOKEN, group.remote_id, Budget(BudgetKind.DAILY, Money.of("20", "EUR"))
    )
    assert [b["amountMicros"] for b in live("campaignBudgets")] == ["20000000"]
    with pytest.raises(InvalidValue, match="EUR"):
        await ads.set_budget(
            TARGET, TOKEN, group.remote_id, Budget(BudgetKind.DAILY, Money.of("20", "USD"))
        )
    listed = await ads.list(TARGET, TOKEN, AdLevel.AD_SET, parent_remote_id=campaign.remote_id)
    assert [g.remote_id for g in listed] == [group.remote_id]


async def test_update_campaign_is_one_masked_campaign_update(base: str) -> None:
    ads = google(base)
    campaign, _, _ = await ads.create_tree(TARGET, TOKEN, CAMPAIGN, AD_SET, AD)
    ends = datetime(2027, 3, 1, 12, tzinfo=UTC)  # 13:00 in Berlin, the account's zone
    update = CampaignUpdate(reference="cmp-1", name="Spring sale", ends_at=ends)
    await ads.update_campaign(TARGET, TOKEN, campaign.remote_id, update)
    row = STATE.table("campaigns")[campaign.remote_id]
    assert row["name"] == "Spring sale [umt:cmp-1]"
    assert row["endDateTime"] == "2027-03-01 13:00:00"
    operation = STATE.mutates[-1][0]["campaignOperation"]
    assert operation["updateMask"] == "name,end_date_time"
    found = await ads.find(TARGET, TOKEN, AdLevel.CAMPAIGN, "cmp-1")
    assert found is not None
    assert found.remote_id == campaign.remote_id
    await ads.update_campaign(
        TARGET, TOKEN, campaign.remote_id, CampaignUpdate(reference="cmp-1", drop_end=True)
    )
    assert STATE.table("campaigns")[campaign.remote_id]["endDateTime"] == "2037-12-30 23:59:59"
    calls = len(STATE.mutates)
    await ads.update_campaign(TARGET, TOKEN, campaign.remote_id, CampaignUpdate(reference="x"))
    assert len(STATE.mutates) == calls  # nothing to change: no call


async def test_the_fake_refuses_amounts_that_are_not_micros(base: str) -> None:
    """What the adapter protects against: cents or a float where Google wants micros."""
    ads = google(base)
    await ads.create_tree(TARGET, TOKEN, CAMPAIGN, AD_SET, AD)
    budget = STATE.mutates[0][0]["campaignBudgetOperation"]["create"]
    assert budget["amountMicros"] == str(Money.of("12.50", "EUR").micros)
    with pytest.raises(PlatformRejected, match="micros"):
        await ads._ads.mutate(CID, "at-good", [{"campaignBudgetOperation": {"create": {
            "name": "x", "amountMicros": 12.5}}}])  # fmt: skip


@pytest.mark.parametrize(
    ("token", "error"), [("at-expired", TokenExpired), ("at-quota", RateLimited)]
)
async def test_token_and_quota_errors_are_typed(
    base: str, token: str, error: type[Exception]
) -> None:
    with pytest.raises(error) as raised:
        await google(base).create_campaign(TARGET, Credentials(access_token=token), CAMPAIGN)
    if isinstance(raised.value, RateLimited):
        assert raised.value.retry_after_seconds == 41


async def test_a_refused_connection_is_unavailable_not_unknown() -> None:
    with pytest.raises(PlatformUnavailable) as raised:
        await google("http://127.0.0.1:9").create_campaign(
            ChannelTarget(kind=ChannelKind.GOOGLE_ADS_CUSTOMER, external_id=CID,
                          details={"currency": "EUR", "time_zone": "Europe/Berlin"}),
            TOKEN, CAMPAIGN,
        )  # fmt: skip
    assert not isinstance(raised.value, OutcomeUnknown)


async def test_metrics_map_micros_and_counts(base: str) -> None:
    STATE.metrics.append({
        "segments": {"date": "2026-11-24"},
        "adGroupAd": {"resourceName": f"customers/{CID}/adGroupAds/1~2", "ad": {"id": "2"}},
        "metrics": {"costMicros": "12345678", "impressions": "1000", "clicks": "20",
                    "conversions": 3.0, "conversionsValue": 89.7, "videoViews": "5"},
    })  # fmt: skip
    batch = await google(base).metrics(TARGET, TOKEN, cursor="2026-11-20", now=NOW)
    by_metric = {r.metric: r for r in batch.readings}
    assert by_metric[Metric.SPEND].value == Decimal("12.34")  # rounded down to cents
    assert by_metric[Metric.SPEND].currency == "EUR"
    assert by_metric[Metric.CONVERSIONS].value == 3
    assert by_metric[Metric.CONVERSION_VALUE].value == Decimal("89.7")
    assert by_metric[None].raw_name == "metrics.videoViews"
    assert "segments.date >= '2026-11-20'" in STATE.queries[-1]
    assert batch.cursor == "2026-11-23"
