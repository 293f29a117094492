"""Ad rules through the bus: defining them, judging them by hand (and in dry run), and what
their actions do to the campaign and on the sandbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from tests.unit.application.advertising.advertising_support import AdWorld, ad_world
from tests.unit.application.conftest import registered_owner
from tests.unit.application.helpers import add_member

from umt.application.advertising.campaign_queries import GetCampaign
from umt.application.advertising.evaluate_rule import EvaluateAdRule, RuleEvaluationReport
from umt.application.advertising.lifecycle import PauseCampaign
from umt.application.advertising.manage_rules import CreateAdRule, DeleteAdRule, UpdateAdRule
from umt.application.advertising.rule_queries import GetAdRule, ListAdRules, ListRuleEvaluations
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.errors import AdRuleInvalid, CampaignNotDelivering
from umt.domain.advertising.levels import AdLevel, DeliveryStatus
from umt.domain.advertising.rule import AdRule
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import NotFound, PermissionDenied, StaleVersion
from umt.domain.shared.metrics import SubjectKind
from umt.domain.shared.money import Money

START = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
CPA_OVER_20 = {
    "name": "Pause expensive ad sets",
    "action": "pause",
    "condition": {"metric": "cpa", "comparison": "gt", "threshold": "20", "window_seconds": 86400},
    "minimum": {"impressions": 1000},
}


@pytest.fixture
async def world() -> AdWorld:
    return await ad_world(START)


async def rule_on(world: AdWorld, campaign: Campaign, **definition: Any) -> AdRule:
    rule: AdRule = await world.bus.execute(
        CreateAdRule(campaign_id=campaign.id, definition={**CPA_OVER_20, **definition}),
        world.owner,
    )
    return rule


async def expensive_day(world: AdWorld, campaign: Campaign, *, impressions: int = 5000) -> None:
    """The ad set spent 100 USD for 4 conversions (CPA 25) within the last day."""
    ad_set = campaign.ad_sets[0]
    await world.record(SubjectKind.AD_SET, ad_set.id, START - timedelta(hours=1))
    await world.record(
        SubjectKind.AD_SET, ad_set.id, START + timedelta(hours=5),
        spend="100", impressions=impressions, clicks=60, conversions=4,
    )  # fmt: skip
    world.clock.advance(timedelta(hours=6))


async def evaluate(world: AdWorld, rule: AdRule, *, dry_run: bool = False) -> RuleEvaluationReport:
    report: RuleEvaluationReport = await world.bus.execute(
        EvaluateAdRule(rule_id=rule.id, dry_run=dry_run), world.owner
    )
    return report


async def remote_set(world: AdWorld, campaign: Campaign) -> Any:
    services = world.bus.services  # type: ignore[attr-defined]
    credentials = await services.channel_credentials.for_account(world.account)
    connector = services.platforms[world.account.platform]
    return await connector.find(
        world.linked.ads, credentials, AdLevel.AD_SET, campaign.ad_sets[0].reference
    )


async def test_a_rule_is_defined_on_a_campaign(world: AdWorld) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(world, campaign, cooldown_seconds=3600, max_actions_per_day=3)
    assert rule.brand_id == campaign.brand_id
    assert rule.condition is not None
    assert rule.condition.window == timedelta(days=1)
    assert rule.cooldown == timedelta(hours=1)
    assert "ad_rule.created" in world.event_types()
    listed = await world.bus.execute(ListAdRules(campaign_id=campaign.id), world.owner)
    assert [r.id for r in listed.items] == [rule.id]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"condition": {"metric": "cpm", "comparison": "gt", "threshold": "1"}},
         "condition.metric"),
        ({"condition": {"metric": "cpa", "comparison": "gt", "threshold": 20.5}},
         "condition.threshold"),
        ({"condition": {"metric": "cpa", "comparison": "gt", "threshold": "-1"}},
         "condition.threshold"),
        ({"condition": {"metric": "cpa", "comparison": "gt", "threshold": "1",
                        "window_seconds": 60}}, "condition.window"),
        ({"action": "change_budget"}, "adjustment"),
        ({"action": "change_budget",
          "adjustment": {"mode": "percent", "value": "-20", "floor": "50", "cap": "10"}},
         "adjustment.floor"),
        ({"max_actions_per_day": 0}, "max_actions_per_day"),
        ({"colour": "red"}, "colour"),
        ({"action": "shift_to_winner", "condition": None, "experiment_id": str(uuid4()),
          "adjustment": {"mode": "percent", "value": "20"}}, "experiment_id"),
    ],
)  # fmt: skip
async def test_a_bad_definition_is_refused_and_nothing_is_stored(
    world: AdWorld, changes: dict[str, Any], field: str
) -> None:
    campaign = await world.launched(START)
    with pytest.raises(AdRuleInvalid) as caught:
        await rule_on(world, campaign, **changes)
    assert caught.value.field == field
    assert world.store.ad_rules == {}


async def test_an_update_needs_the_current_version_and_delete_keeps_the_history(
    world: AdWorld,
) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(world, campaign)
    with pytest.raises(StaleVersion):
        await world.bus.execute(
            UpdateAdRule(rule_id=rule.id, changes={"dry_run": True}, expected_version=7),
            world.owner,
        )
    updated: AdRule = await world.bus.execute(
        UpdateAdRule(rule_id=rule.id, changes={"dry_run": True}, expected_version=1), world.owner
    )
    assert updated.dry_run
    assert updated.version == 2
    await expensive_day(world, campaign)
    await evaluate(world, updated)
    await world.bus.execute(DeleteAdRule(rule_id=rule.id), world.owner)
    with pytest.raises(NotFound):
        await world.bus.execute(GetAdRule(rule_id=rule.id), world.owner)
    assert len(world.store.rule_evaluations) == 1
    assert "ad_rule.deleted" in world.event_types()


async def test_a_dry_run_records_what_it_would_do_and_does_nothing(world: AdWorld) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(world, campaign)
    await expensive_day(world, campaign)
    report = await evaluate(world, rule, dry_run=True)
    [evaluation] = report.evaluations
    assert evaluation.outcome == "dry_run"
    assert str(evaluation.value) == "25"
    assert evaluation.action["type"] == "pause"
    assert (await remote_set(world, campaign)).status is DeliveryStatus.ACTIVE
    assert "ad_rule.triggered" not in world.event_types()
    audited = [e for e in world.store.audit_log if e.action == "ad_rule.evaluated"]
    assert audited[-1].after is not None
    assert audited[-1].after["outcome"] == "dry_run"


async def test_a_met_pause_rule_pauses_the_ad_set_on_the_platform(world: AdWorld) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(world, campaign)
    await expensive_day(world, campaign)
    [evaluation] = (await evaluate(world, rule)).evaluations
    assert evaluation.outcome == "triggered"
    assert (await remote_set(world, campaign)).status is DeliveryStatus.PAUSED
    stored: Campaign = await world.bus.execute(GetCampaign(campaign_id=campaign.id), world.owner)
    assert stored.ad_sets[0].status is DeliveryStatus.PAUSED
    assert {"ad_rule.triggered", "campaign.ad_set_paused"} <= set(world.event_types())
    # nothing is left delivering for the rule to judge
    with pytest.raises(CampaignNotDelivering):
        await evaluate(world, rule)
    history = await world.bus.execute(ListRuleEvaluations(rule_id=rule.id), world.owner)
    assert [e.outcome for e in history] == ["triggered"]


async def test_too_little_data_is_not_judged(world: AdWorld) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(world, campaign)
    await expensive_day(world, campaign, impressions=999)
    [evaluation] = (await evaluate(world, rule)).evaluations
    assert evaluation.outcome == "insufficient_data"
    assert (await remote_set(world, campaign)).status is DeliveryStatus.ACTIVE


async def test_the_cooldown_and_the_daily_maximum_hold_notices_back(world: AdWorld) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(
        world, campaign, action="notify", cooldown_seconds=7200, max_actions_per_day=2
    )
    await expensive_day(world, campaign)
    outcomes = []
    for wait in (timedelta(0), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=3)):
        world.clock.advance(wait)
        outcomes += [e.outcome for e in (await evaluate(world, rule)).evaluations]
    assert outcomes == ["triggered", "cooldown", "triggered", "daily_limit"]
    assert world.event_types().count("ad_rule.triggered") == 2


async def test_a_budget_rule_moves_the_budget_within_its_floor(world: AdWorld) -> None:
    campaign = await world.launched(START)
    adjustment = {"mode": "percent", "value": "-20", "floor": "45.00"}
    rule = await rule_on(world, campaign, action="change_budget", adjustment=adjustment)
    await expensive_day(world, campaign)
    [evaluation] = (await evaluate(world, rule)).evaluations
    assert evaluation.action["budgets"][0]["after"] == "45.00"  # 40.00 is under the floor
    remote = await remote_set(world, campaign)
    assert remote.budget.amount == Money.of("45.00", "USD")
    stored: Campaign = await world.bus.execute(GetCampaign(campaign_id=campaign.id), world.owner)
    assert stored.ad_sets[0].budget.amount == Money.of("45.00", "USD")


async def test_a_refused_action_is_recorded_as_failed_and_changes_nothing(world: AdWorld) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(world, campaign)
    await expensive_day(world, campaign)
    world.network.faults.outage()
    [evaluation] = (await evaluate(world, rule)).evaluations
    world.network.faults.clear()
    assert evaluation.outcome == "failed"
    assert evaluation.action["error"]["code"] == "platform_unavailable"
    stored: Campaign = await world.bus.execute(GetCampaign(campaign_id=campaign.id), world.owner)
    assert stored.ad_sets[0].status is DeliveryStatus.ACTIVE
    assert "ad_rule.triggered" not in world.event_types()


async def test_a_paused_campaign_has_nothing_to_judge(world: AdWorld) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(world, campaign)
    await world.bus.execute(PauseCampaign(campaign_id=campaign.id), world.owner)
    with pytest.raises(CampaignNotDelivering):
        await evaluate(world, rule)


async def test_another_tenant_sees_no_rule_and_a_viewer_defines_none(world: AdWorld) -> None:
    campaign = await world.launched(START)
    rule = await rule_on(world, campaign)
    stranger = await registered_owner(world.bus, "x@globex.example", "Globex")
    with pytest.raises(NotFound):
        await world.bus.execute(GetAdRule(rule_id=rule.id), stranger)
    with pytest.raises(NotFound):
        await world.bus.execute(EvaluateAdRule(rule_id=rule.id, dry_run=True), stranger)
    viewer = await add_member(world.bus, world.owner, "viewer@acme.example", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await world.bus.execute(
            CreateAdRule(campaign_id=campaign.id, definition=CPA_OVER_20), viewer
        )
    assert len((await world.bus.execute(ListAdRules(), viewer)).items) == 1
