"""The sandbox connector as a MetricSource: mapped readings, money and an incremental cursor."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import START, Linked, linked

from umt.adapters.platforms.sandbox.connector import SandboxConnector
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import AdLevel, DeliveryStatus, Objective
from umt.domain.integration.errors import PlatformRejected
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.domain.shared.money import Money
from umt.ports.ad_network import AdSetSpec, AdSpec, CampaignSpec, Creative, Targeting
from umt.ports.metric_source import MetricReading
from umt.ports.publisher import OutgoingPost


@pytest.fixture
async def ann(network: SandboxNetwork, connector: SandboxConnector) -> Linked:
    return await linked(network, connector, followers=20_000, ad_audience=2_000_000)


def _by(readings: list[MetricReading], subject: str) -> dict[str, MetricReading]:
    return {r.raw_name: r for r in readings if r.subject_remote_id == subject}


async def test_post_metrics_are_cumulative_totals_mapped_to_metrics(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    post = await connector.publish(
        ann.posts, ann.credentials, OutgoingPost(reference="m-1", text="What do you think? #a")
    )
    at = START + timedelta(hours=6)
    batch = await connector.metrics(ann.posts, ann.credentials, cursor=None, now=at)
    readings = _by(list(batch.readings), post.remote_id)
    assert {r.metric for r in readings.values()} == {
        Metric.IMPRESSIONS, Metric.REACH, Metric.LIKES, Metric.COMMENTS,
        Metric.SHARES, Metric.SAVES, Metric.CLICKS,
    }  # fmt: skip
    truth = await network.post_metrics(ann.credentials.access_token, post.remote_id, at=at)
    assert readings["impressions"].value == truth.impressions > 0
    assert readings["saves"].value == truth.saves
    assert all(
        r.subject_kind is SubjectKind.PUBLICATION and r.observed_at == at for r in readings.values()
    )
    assert all(r.currency is None for r in readings.values())
    later = await connector.metrics(
        ann.posts, ann.credentials, cursor=batch.cursor, now=at + timedelta(hours=6)
    )
    assert _by(list(later.readings), post.remote_id)["impressions"].value >= truth.impressions


async def test_the_cursor_skips_posts_whose_totals_were_final(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    old = await connector.publish(
        ann.posts, ann.credentials, OutgoingPost(reference="o", text="old")
    )
    first = await connector.metrics(
        ann.posts, ann.credentials, cursor=None, now=START + timedelta(days=20)
    )
    assert _by(list(first.readings), old.remote_id)
    again = await connector.metrics(
        ann.posts, ann.credentials, cursor=first.cursor, now=START + timedelta(days=21)
    )
    assert not _by(list(again.readings), old.remote_id)  # past its two weeks: nothing new
    with pytest.raises(PlatformRejected):
        await connector.metrics(ann.posts, ann.credentials, cursor="nope", now=START)


async def test_only_the_asked_posts_are_read_and_unknown_ones_are_skipped(
    connector: SandboxConnector, ann: Linked
) -> None:
    a = await connector.publish(ann.posts, ann.credentials, OutgoingPost(reference="a", text="a"))
    b = await connector.publish(ann.posts, ann.credentials, OutgoingPost(reference="b", text="b"))
    batch = await connector.metrics(
        ann.posts,
        ann.credentials,
        cursor=None,
        remote_ids=(b.remote_id, "post_999"),
        now=START + timedelta(hours=2),
    )
    assert {r.subject_remote_id for r in batch.readings} == {b.remote_id}
    assert a.remote_id != b.remote_id


async def test_email_campaign_metrics_keep_an_unmapped_raw_name(
    connector: SandboxConnector, network: SandboxNetwork, ann: Linked
) -> None:
    sent = await network.send_campaign(
        ann.credentials.access_token, subject="Spring is here", body="Shop now " * 50
    )
    batch = await connector.metrics(
        ann.posts, ann.credentials, cursor=None, now=START + timedelta(hours=12)
    )
    readings = _by(list(batch.readings), sent.id)
    assert readings["recipients"].metric is None  # logged and skipped by the caller
    assert readings["opens"].metric is Metric.OPENS
    assert readings["opens"].value > 0
    assert readings["delivered"].subject_kind is SubjectKind.EMAIL_CAMPAIGN


async def test_ad_insights_per_ad_set_and_campaign_in_the_account_currency(
    connector: SandboxConnector, network: SandboxNetwork
) -> None:
    eve = await linked(network, connector, name="Eve", currency="EUR", ad_audience=2_000_000)
    campaign = await connector.create_campaign(
        eve.ads, eve.credentials, CampaignSpec(reference="c", name="C", objective=Objective.SALES)
    )
    budget = Budget(BudgetKind.DAILY, Money.of("40.00", "EUR"))
    ad_set = await connector.create_ad_set(
        eve.ads,
        eve.credentials,
        campaign.remote_id,
        AdSetSpec(reference="s", name="S", budget=budget, targeting=Targeting()),
    )
    creative = Creative(headline="Buy", body="Order today", link="https://shop.example")
    ad = await connector.create_ad(
        eve.ads,
        eve.credentials,
        ad_set.remote_id,
        AdSpec(reference="a", name="A", creative=creative),
    )
    quiet = await connector.metrics(eve.ads, eve.credentials, cursor=None, now=START)
    for obj in (ad, ad_set, campaign):
        await connector.set_status(
            eve.ads, eve.credentials, obj.level, obj.remote_id, DeliveryStatus.ACTIVE
        )
    now = START + timedelta(days=2)
    batch = await connector.metrics(eve.ads, eve.credentials, cursor=quiet.cursor, now=now)
    per_set = _by(list(batch.readings), ad_set.remote_id)
    per_campaign = _by(list(batch.readings), campaign.remote_id)
    truth = await network.ads.delivery(eve.credentials.access_token, ad_set.remote_id, at=now)
    assert per_set["spend"].value == Money.from_minor(truth.spend_minor, "EUR").amount > 0
    assert per_set["spend"].currency == per_set["conversion_value"].currency == "EUR"
    assert per_set["spend"].metric is Metric.SPEND
    assert per_set["spend"].subject_kind is SubjectKind.AD_SET
    assert per_set["impressions"].value == truth.impressions
    assert per_set["conversion_value"].value == Decimal(60 * truth.conversions)
    assert per_campaign["spend"].value == per_set["spend"].value
    per_ad = _by(list(batch.readings), ad.remote_id)
    assert per_ad["spend"].subject_kind is SubjectKind.AD
    assert per_ad["spend"].value == per_set["spend"].value  # the only ad has it all
    assert per_campaign["spend"].subject_kind is SubjectKind.CAMPAIGN
    # nothing delivered since: nothing to report
    await connector.set_status(
        eve.ads, eve.credentials, AdLevel.CAMPAIGN, campaign.remote_id, DeliveryStatus.PAUSED
    )
    paused = await connector.metrics(eve.ads, eve.credentials, cursor=None, now=START)
    after = await connector.metrics(
        eve.ads, eve.credentials, cursor=paused.cursor, now=START + timedelta(days=3)
    )
    assert after.readings == []
