"""The sandbox network's API: posts, campaigns and ads, per account, with their metrics."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.unit.adapters.platforms.sandbox.helpers import CLIENT, START, connect

from umt.adapters.platforms.sandbox import errors
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.adapters.platforms.sandbox.simulation import CampaignMetrics, PostMetrics
from umt.adapters.platforms.sandbox.sqlite_store import SqliteSandboxStore
from umt.adapters.system.clock import FixedClock


async def test_accounts_get_seeded_audiences_unless_given(network: SandboxNetwork) -> None:
    drawn = await network.create_account("  Ann  ")
    assert drawn.name == "Ann"
    assert drawn.followers >= 50
    assert drawn.subscribers >= 20
    assert drawn.ad_audience == 50 * drawn.followers
    given = await network.create_account("Bo", followers=10, subscribers=5, ad_audience=7)
    assert (given.followers, given.subscribers, given.ad_audience) == (10, 5, 7)
    assert [a.id for a in await network.accounts()] == [drawn.id, given.id]
    assert await network.account(drawn.id) == drawn


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "tab\there"])
async def test_account_names_are_validated(network: SandboxNetwork, name: str) -> None:
    with pytest.raises(errors.InvalidRequest):
        await network.create_account(name)


async def test_the_same_seed_draws_the_same_accounts(tmp_path: Path, clock: FixedClock) -> None:
    drawn = []
    for run in range(2):
        store = await SqliteSandboxStore.open(tmp_path / f"run{run}.sqlite3")
        try:
            drawn.append(await SandboxNetwork(store, clock, seed=3).create_account("Ann"))
        finally:
            await store.close()
    assert drawn[0] == drawn[1]


async def test_posts_publish_now_or_are_scheduled_natively(network: SandboxNetwork) -> None:
    connected = await connect(network)
    now = await network.publish_post(connected.token, text="Hello", image_refs=["img/1.png"])
    assert now.published_at == START
    assert not now.scheduled
    later = await network.publish_post(
        connected.token,
        text="Soon",
        video_refs=["vid/1.mp4"],
        scheduled_at=START + timedelta(hours=5),
    )
    assert later.scheduled
    assert await network.list_posts(connected.token) == [now, later]
    assert await network.get_post(connected.token, later.id) == later
    assert await network.post_metrics(connected.token, later.id) == PostMetrics()
    at = START + timedelta(hours=8)
    assert (await network.post_metrics(connected.token, later.id, at=at)).impressions > 0


@pytest.mark.parametrize(
    "draft",
    [
        {"text": ""},
        {"text": "x" * 10_001},
        {"text": "hi", "image_refs": [""]},
        {"text": "hi", "image_refs": ["i"] * 11},
        {"text": "hi", "scheduled_at": START - timedelta(minutes=1)},
        {"text": "hi", "scheduled_at": START + timedelta(days=366)},
        {"text": "hi", "scheduled_at": START.replace(tzinfo=None)},
    ],
)
async def test_bad_posts_are_refused(network: SandboxNetwork, draft: dict[str, object]) -> None:
    connected = await connect(network)
    with pytest.raises(errors.InvalidRequest):
        await network.publish_post(connected.token, **draft)  # type: ignore[arg-type]
    assert await network.list_posts(connected.token) == []


async def test_an_account_sees_only_its_own_objects(network: SandboxNetwork) -> None:
    ann, bo = await connect(network), await connect(network)
    post = await network.publish_post(ann.token, text="Mine")
    campaign = await network.send_campaign(ann.token, subject="Hi", body="Hello", recipients=1)
    ad = await network.create_ad(ann.token, creative="Buy", budget_cents=100, bid_cpm_cents=500)
    assert await network.list_posts(bo.token) == []
    for read in (
        network.get_post(bo.token, post.id),
        network.post_metrics(bo.token, post.id),
        network.get_campaign(bo.token, campaign.id),
        network.campaign_metrics(bo.token, campaign.id),
        network.get_ad(bo.token, ad.id),
        network.ad_metrics(bo.token, ad.id),
    ):
        with pytest.raises(errors.NotFound):
            await read


async def test_campaigns_go_to_the_list_and_report_email_metrics(network: SandboxNetwork) -> None:
    connected = await connect(network, subscribers=20_000)
    campaign = await network.send_campaign(
        connected.token, subject="Your spring guide?", body="Hello " * 150 + "Read more"
    )
    assert campaign.recipients == 20_000
    assert await network.list_campaigns(connected.token) == [campaign]
    assert await network.get_campaign(connected.token, campaign.id) == campaign
    assert (
        await network.campaign_metrics(connected.token, campaign.id, at=START - timedelta(hours=1))
        == CampaignMetrics()
    )
    at = START + timedelta(days=2)
    metrics = await network.campaign_metrics(connected.token, campaign.id, at=at)
    rates = network.campaign_rates(campaign)
    assert metrics.delivered == pytest.approx(20_000 * rates.delivery, rel=0.02)
    assert metrics.opens == pytest.approx(metrics.delivered * rates.open, rel=0.1)
    assert 0 < metrics.clicks < metrics.opens
    with pytest.raises(errors.Rejected):
        await network.send_campaign(connected.token, subject="x", body="y", recipients=20_001)


async def test_ads_commit_budget_and_spend_within_it(network: SandboxNetwork) -> None:
    connected = await connect(network, ad_audience=500_000)
    ad = await network.create_ad(
        connected.token,
        creative="Try the spring roast. Shop now",
        budget_cents=60_000,
        bid_cpm_cents=700,
        days=2,
        image_refs=["img/ad.png"],
    )
    assert await network.list_ads(connected.token) == [ad]
    with pytest.raises(errors.Rejected, match="budget"):
        await network.create_ad(
            connected.token, creative="More", budget_cents=40_001, bid_cpm_cents=500
        )
    metrics = await network.ad_metrics(connected.token, ad.id, at=START + timedelta(days=3))
    assert 0 < metrics.spend_cents <= 60_000
    assert metrics.spend_cents == metrics.impressions * 500 // 1000  # pays the market price
    assert 0 < metrics.conversions < metrics.clicks < metrics.impressions
    assert await network.ad_metrics(connected.token, ad.id, at=START + timedelta(days=9)) == metrics


async def test_state_survives_a_restart_on_sqlite(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "sandbox.sqlite3"
    store = await SqliteSandboxStore.open(path)
    network = SandboxNetwork(store, clock, seed=1, clients=(CLIENT,))
    connected = await connect(network)
    post = await network.publish_post(connected.token, text="Persisted")
    metrics = await network.post_metrics(connected.token, post.id, at=START + timedelta(hours=3))
    await store.close()

    reopened = await SqliteSandboxStore.open(path)
    try:
        restarted = SandboxNetwork(reopened, clock, seed=1, clients=(CLIENT,))
        assert await restarted.accounts() == [connected.account]
        assert await restarted.list_posts(connected.token) == [post]
        at = START + timedelta(hours=3)
        assert await restarted.post_metrics(connected.token, post.id, at=at) == metrics
    finally:
        await reopened.close()


async def test_the_number_of_accounts_is_bounded(
    network: SandboxNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("umt.adapters.platforms.sandbox.network.MAX_ACCOUNTS", 2)
    await network.create_account("One")
    await network.create_account("Two")
    with pytest.raises(errors.Rejected):
        await network.create_account("Three")
    assert len(await network.accounts()) == 2
