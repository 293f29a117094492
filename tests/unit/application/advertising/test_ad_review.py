"""The ad review loop: pacing with hand-computed figures, rules judged once per window even
with two reviewers, unfinished launches resumed without duplicates, flights completed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.unit.application.advertising.advertising_support import AdWorld, ad_world

from umt.adapters.system.ids import UuidV7Generator
from umt.application.advertising.campaign_queries import GetCampaign
from umt.application.advertising.config import AdReviewConfig
from umt.application.advertising.manage_rules import CreateAdRule
from umt.application.advertising.plan_campaign import CreateCampaign
from umt.application.advertising.remote import campaign_spec
from umt.application.advertising.review import AdReview
from umt.application.context_module import loops_of
from umt.application.modules import MODULES
from umt.domain.advertising.campaign import Campaign, CampaignStatus
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.shared.metrics import SubjectKind
from umt.domain.shared.money import Money

START = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
async def world() -> AdWorld:
    return await ad_world(START)


def reviewer(world: AdWorld) -> AdReview:
    services: Any = world.bus.services  # type: ignore[attr-defined]
    return AdReview(
        world.uow_factory,
        services.platforms,
        services.channel_credentials,
        clock=world.clock,
        ids=UuidV7Generator(),
        config=AdReviewConfig(),
    )


async def stored(world: AdWorld, campaign: Campaign) -> Campaign:
    found: Campaign = await world.bus.execute(GetCampaign(campaign_id=campaign.id), world.owner)
    return found


async def remote(world: AdWorld, level: AdLevel, reference: str) -> Any:
    services: Any = world.bus.services  # type: ignore[attr-defined]
    credentials = await services.channel_credentials.for_account(world.account)
    connector = services.platforms[world.account.platform]
    return await connector.find(world.linked.ads, credentials, level, reference)


def test_the_loop_runs_with_the_content_ad_management_agent() -> None:
    names = [loop.name for loop in loops_of(MODULES, ["content-ad-management"])]
    assert "ad-review" in names
    assert "ad-review" not in [loop.name for loop in loops_of(MODULES, ["brand-project"])]


async def test_over_pace_steps_the_daily_budget_down_and_alerts_once(world: AdWorld) -> None:
    campaign = await world.launched(START)  # 50.00 USD a day for ten days
    ad_set = campaign.ad_sets[0]
    await world.record(SubjectKind.AD_SET, ad_set.id, START + timedelta(hours=23), spend="80")
    world.clock.advance(timedelta(days=1))
    report = await reviewer(world).tick()
    assert report.paced == 1
    # planned 50.00 after a day, spent 80.00: ratio 1.6, over pace; 420.00 left for nine
    # days is 46.66 a day, within the 20 % step (40.00-60.00) and the sandbox's strict rule
    after = await stored(world, campaign)
    assert after.ad_sets[0].budget.amount == Money.of("46.66", "USD")
    on_platform = await remote(world, AdLevel.AD_SET, ad_set.reference)
    assert on_platform.budget.amount == Money.of("46.66", "USD")
    alerts = [m for m in world.store.outbox if m.event_type == "budget.alert"]
    assert [a.payload["data"]["state"] for a in alerts] == ["over_pace"]
    assert alerts[0].payload["data"]["required_daily"] == "46.66"
    # the same hour again: the slot is taken, nothing is checked twice
    assert (await reviewer(world).tick()).paced == 0
    # an hour later, still over pace: checked, but no new alert and no second step in a day
    world.clock.advance(timedelta(hours=1))
    assert (await reviewer(world).tick()).paced == 1
    assert [m.event_type for m in world.store.outbox].count("budget.alert") == 1
    assert (await stored(world, campaign)).ad_sets[0].budget.amount == Money.of("46.66", "USD")


async def test_the_total_spent_pauses_the_ad_set(world: AdWorld) -> None:
    campaign = await world.launched(START)
    ad_set = campaign.ad_sets[0]
    await world.record(SubjectKind.AD_SET, ad_set.id, START + timedelta(days=2), spend="500")
    world.clock.advance(timedelta(days=2, hours=1))
    await reviewer(world).tick()
    assert (await stored(world, campaign)).ad_sets[0].status is DeliveryStatus.PAUSED
    on_platform = await remote(world, AdLevel.AD_SET, ad_set.reference)
    assert on_platform.status is DeliveryStatus.PAUSED
    alerts = [m for m in world.store.outbox if m.event_type == "budget.alert"]
    assert [a.payload["data"]["state"] for a in alerts] == ["at_cap"]


async def test_a_rule_is_judged_once_per_window_by_two_reviewers(world: AdWorld) -> None:
    campaign = await world.launched(START)
    definition = {
        "name": "Tell us about expensive ad sets",
        "action": "notify",
        "condition": {"metric": "spend", "comparison": "gte", "threshold": "30"},
        "cooldown_seconds": 0,
        "max_actions_per_day": 10,
    }
    await world.bus.execute(
        CreateAdRule(campaign_id=campaign.id, definition=definition), world.owner
    )
    await world.record(
        SubjectKind.AD_SET, campaign.ad_sets[0].id, START + timedelta(hours=2), spend="35"
    )
    world.clock.advance(timedelta(hours=3))
    first, second = reviewer(world), reviewer(world)
    assert (await first.tick()).judged == 1
    assert (await second.tick()).judged == 0  # the same slot: claimed by the first
    assert [e.outcome for e in world.store.rule_evaluations.values()] == ["triggered"]
    world.clock.advance(timedelta(minutes=15))  # the next window
    assert (await second.tick()).judged == 1
    assert [m.event_type for m in world.store.outbox].count("ad_rule.triggered") == 2


async def test_an_unfinished_launch_is_resumed_without_a_duplicate(world: AdWorld) -> None:
    content = await world.approved_content()
    planned = await world.bus.execute(
        CreateCampaign(
            brand_id=world.brand_id,
            ad_account_id=world.account.id,
            name="Spring launch",
            objective="traffic",
            starts_at=START.isoformat(),
            ends_at=(START + timedelta(days=10)).isoformat(),
            ad_sets=[world.ad_set([content])],
        ),
        world.owner,
    )
    # a crash mid-launch: draft → creating committed, the campaign created on the platform,
    # its id never recorded
    async with world.uow_factory() as uow:
        crashed = await uow.campaigns.get(planned.organization_id, planned.id)
        assert crashed is not None
        crashed.begin_launch(now=START)
        await uow.campaigns.save(crashed)
        await uow.commit()
    services: Any = world.bus.services  # type: ignore[attr-defined]
    credentials = await services.channel_credentials.for_account(world.account)
    connector = services.platforms[world.account.platform]
    created = await connector.create_campaign(world.linked.ads, credentials, campaign_spec(crashed))
    assert (await reviewer(world).tick()).resumed == 0  # too recent: maybe still running
    world.clock.advance(timedelta(minutes=6))
    assert (await reviewer(world).tick()).resumed == 1
    done = await stored(world, planned)
    assert done.status is CampaignStatus.ACTIVE
    assert done.remote_id == created.remote_id
    credentials = await services.channel_credentials.for_account(world.account)
    campaigns = await connector.list(world.linked.ads, credentials, AdLevel.CAMPAIGN)
    assert [c.remote_id for c in campaigns] == [created.remote_id]
    ad_sets = await connector.list(world.linked.ads, credentials, AdLevel.AD_SET)
    assert [s.remote_id for s in ad_sets] == [done.ad_sets[0].remote_id]


async def test_an_ended_flight_completes_the_campaign(world: AdWorld) -> None:
    campaign = await world.launched(START)
    world.clock.advance(timedelta(days=10, minutes=1))
    assert (await reviewer(world).tick()).completed == 1
    assert (await stored(world, campaign)).status is CampaignStatus.COMPLETED
