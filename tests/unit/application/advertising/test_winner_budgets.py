"""Budget toward winners: a concluded experiment moves the losing arm's ad set budget to the
winner's, on the platform and in the campaign, once however often the event arrives."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.unit.application.advertising.advertising_support import AdWorld, ad_world

from umt.adapters.system.ids import UuidV7Generator
from umt.application.advertising.campaign_queries import GetCampaign
from umt.application.advertising.lifecycle import LaunchCampaign
from umt.application.advertising.manage_rules import CreateAdRule
from umt.application.advertising.plan_campaign import CreateCampaign
from umt.application.advertising.winners import on_experiment_concluded
from umt.application.experiments.create_experiment import CreateExperiment
from umt.application.experiments.lifecycle import ConcludeExperiment, StartExperiment
from umt.application.messaging.envelope import EventMessage, Header, MessageType
from umt.application.services import Context
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.levels import AdLevel
from umt.domain.shared.money import Money

START = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
async def world() -> AdWorld:
    return await ad_world(START)


async def setting(world: AdWorld, *, dry_run: bool = False) -> tuple[Campaign, Any]:
    control, variant = await world.approved_content("Plan"), await world.approved_content("Go")
    planned = await world.bus.execute(
        CreateCampaign(
            brand_id=world.brand_id, ad_account_id=world.account.id, name="Hooks",
            objective="traffic", starts_at=START.isoformat(),
            ad_sets=[world.ad_set([control], name="Control"),
                     world.ad_set([variant], name="Variant")],
        ),
        world.owner,
    )  # fmt: skip
    campaign = await world.bus.execute(LaunchCampaign(campaign_id=planned.id), world.owner)
    experiment = await world.bus.execute(
        CreateExperiment(
            brand_id=world.brand_id,
            name="Hook test",
            primary_metric={"name": "signups", "kind": "conversion"},
            arms=[
                {"name": "control", "content_id": str(control)},
                {"name": "variant", "content_id": str(variant)},
            ],
            mde={"value": 0.5, "baseline": 0.1},
        ),
        world.owner,
    )
    await world.bus.execute(StartExperiment(experiment_id=experiment.id), world.owner)
    await world.bus.execute(
        CreateAdRule(
            campaign_id=campaign.id,
            definition={
                "name": "Budget to the winner",
                "action": "shift_to_winner",
                "condition": None,
                "experiment_id": str(experiment.id),
                "adjustment": {"mode": "percent", "value": "20"},
                "dry_run": dry_run,
            },
        ),
        world.owner,
    )
    await world.bus.execute(
        ConcludeExperiment(experiment_id=experiment.id, reason="winner_found", winner="variant"),
        world.owner,
    )
    return campaign, experiment


async def deliver(world: AdWorld, message_id: uuid.UUID | None = None) -> None:
    row = next(m for m in world.store.outbox if m.event_type == "experiment.concluded")
    event = EventMessage(
        header=Header(
            message_id=message_id or uuid.uuid4(),
            message_type=MessageType.EVENT,
            sender_id="outbox-relay",
            timestamp=START,
        ),
        event_type=row.event_type,
        payload=row.payload,
    )
    services: Any = world.bus.services  # type: ignore[attr-defined]
    ctx = Context(uow_factory=world.uow_factory, message_key=f"event:x:{event.header.message_id}")
    await on_experiment_concluded(
        event,
        ctx,
        clock=world.clock,
        ids=UuidV7Generator(),
        platforms=services.platforms,
        channel_credentials=services.channel_credentials,
    )


async def budgets(world: AdWorld, campaign: Campaign) -> tuple[list[str], list[str]]:
    stored = await world.bus.execute(GetCampaign(campaign_id=campaign.id), world.owner)
    services: Any = world.bus.services  # type: ignore[attr-defined]
    credentials = await services.channel_credentials.for_account(world.account)
    connector = services.platforms[world.account.platform]
    remote = [
        await connector.find(world.linked.ads, credentials, AdLevel.AD_SET, s.reference)
        for s in stored.ad_sets
    ]
    return (
        [str(s.budget.amount.amount) for s in stored.ad_sets],
        [str(r.budget.amount.amount) for r in remote],
    )


async def test_the_losing_arms_budget_moves_to_the_winner_once(world: AdWorld) -> None:
    campaign, _ = await setting(world)
    await deliver(world)
    # 20 % of the control's 50.00 (10.00) goes to the variant
    assert await budgets(world, campaign) == (["40.00", "60.00"], ["40.00", "60.00"])
    assert [e.outcome for e in world.store.rule_evaluations.values()] == ["triggered"]
    changed = [m for m in world.store.outbox if m.event_type == "campaign.budget_changed"]
    assert [m.payload["data"]["reason"] for m in changed] == ["experiment_winner"] * 2
    assert [m.event_type for m in world.store.outbox].count("ad_rule.triggered") == 1
    await deliver(world)  # the same conclusion again (another delivery): nothing moves twice
    assert await budgets(world, campaign) == (["40.00", "60.00"], ["40.00", "60.00"])
    assert Money.of("60.00", "USD").currency == campaign.currency


async def test_a_dry_run_rule_records_the_shift_and_moves_nothing(world: AdWorld) -> None:
    campaign, _ = await setting(world, dry_run=True)
    await deliver(world)
    assert await budgets(world, campaign) == (["50.00", "50.00"], ["50.00", "50.00"])
    [evaluation] = world.store.rule_evaluations.values()
    assert evaluation.outcome == "dry_run"
    assert [b["after"] for b in evaluation.action["budgets"]] == ["40.00", "60.00"]
