"""Contracts of the advertising repositories (campaigns, ad rules, the decision log, budget
caps, performance over the metric samples), run against memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from tests.contracts.conftest import UowFactory
from tests.unit.domain.advertising.campaign_builders import NOW, ad, ad_set, campaign, daily, eur
from tests.unit.domain.advertising.test_rules import rule

from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.campaign import CampaignStatus
from umt.domain.advertising.caps import SpendCaps
from umt.domain.advertising.conditions import AdjustmentMode, BudgetAdjustment
from umt.domain.advertising.levels import AdLevel, BidStrategy
from umt.domain.advertising.rule import RuleAction
from umt.domain.advertising.status import REVIEWED
from umt.domain.advertising.targeting import AdTargeting
from umt.domain.brand.channels import Channel
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.domain.shared.money import Money
from umt.ports.ad_decision_log import PacingCheck, RuleEvaluation
from umt.ports.campaign_repository import CampaignFilter
from umt.ports.metric_sink import MetricSample, RollupWindow


def full_campaign(**overrides: Any) -> Any:
    built = campaign(**overrides)
    first = ad_set(
        budget=daily("80.50"),
        bid_strategy=BidStrategy.COST_CAP,
        bid=eur("2.25"),
        placements=("feed", "stories"),
        targeting=AdTargeting(
            audience_ids=(uuid4(),), countries=("DE", "AT"), age_min=25, languages=("de",)
        ),
        ends_at=NOW + timedelta(days=5),
    )
    built.add_ad_set(first, now=NOW, cap=None)
    built.add_ad(first.id, ad(), now=NOW)
    built.add_ad(first.id, ad(name="Headline B"), now=NOW)
    return built


async def _save_and_commit(uow: Any, built: Any) -> None:
    # memory checks the version when the write is staged, SQL when it runs; either refuses
    await uow.campaigns.save(built)
    await uow.commit()


async def store(factory: UowFactory, built: Any) -> None:
    async with factory() as uow:
        await uow.campaigns.add(built)
        await uow.commit()


class TestCampaignRepository:
    async def test_a_campaign_round_trips_with_its_whole_tree(
        self, uow_factory: UowFactory
    ) -> None:
        built = full_campaign()
        await store(uow_factory, built)
        async with uow_factory() as uow:
            loaded = await uow.campaigns.get(built.organization_id, built.id)
            other = await uow.campaigns.get(OrganizationId(uuid4()), built.id)
        assert other is None
        assert loaded is not None
        assert loaded.ad_sets == built.ad_sets
        assert loaded.ad_sets[0].budget.amount == Money(Decimal("80.50"), "EUR")
        assert (loaded.starts_at, loaded.ends_at) == (built.starts_at, built.ends_at)
        assert (loaded.name, loaded.currency, loaded.version) == ("Spring launch", "EUR", 4)

    async def test_remote_ids_and_status_are_saved(self, uow_factory: UowFactory) -> None:
        built = full_campaign()
        await store(uow_factory, built)
        async with uow_factory() as uow:
            loaded = await uow.campaigns.get(built.organization_id, built.id)
            assert loaded is not None
            loaded.begin_launch(now=NOW)
            loaded.record_remote_id(AdLevel.CAMPAIGN, loaded.id, "c-9", NOW)
            loaded.record_remote_id(AdLevel.AD, loaded.ad_sets[0].ads[1].id, "ad-9", NOW)
            await uow.campaigns.save(loaded)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.campaigns.get(built.organization_id, built.id)
        assert again is not None
        assert again.status is CampaignStatus.CREATING
        assert again.remote_id == "c-9"
        assert [a.remote_id for a in again.ad_sets[0].ads] == [None, "ad-9"]

    async def test_a_stale_save_is_refused(self, uow_factory: UowFactory) -> None:
        built = full_campaign()
        await store(uow_factory, built)
        async with uow_factory() as first, uow_factory() as second:
            a = await first.campaigns.get(built.organization_id, built.id)
            b = await second.campaigns.get(built.organization_id, built.id)
            assert a is not None
            assert b is not None
            a.begin_launch(now=NOW)
            await first.campaigns.save(a)
            await first.commit()
            b.archive(now=NOW)
            with pytest.raises(StaleVersion):
                await _save_and_commit(second, b)

    async def test_list_filters_by_brand_and_status_and_live_spans_tenants(
        self, uow_factory: UowFactory
    ) -> None:
        org = OrganizationId(uuid4())
        brand = BrandId(uuid4())
        mine = full_campaign(organization_id=org, brand_id=brand)
        other_brand = full_campaign(organization_id=org)
        elsewhere = full_campaign()
        for built in (mine, other_brand, elsewhere):
            built.begin_launch(now=NOW)
            for pending in built.pending_objects():
                built.record_remote_id(pending.level, pending.object_id, uuid4().hex, NOW)
            built.activate(now=NOW)
            await store(uow_factory, built)
        await store(uow_factory, full_campaign(organization_id=org, brand_id=brand))  # a draft
        creating = full_campaign(organization_id=org)
        creating.begin_launch(now=NOW)  # its launch did not finish: the loop resumes it
        await store(uow_factory, creating)
        async with uow_factory() as uow:
            by_brand = await uow.campaigns.list(org, CampaignFilter(brand_id=brand))
            active = await uow.campaigns.list(org, CampaignFilter(status=CampaignStatus.ACTIVE))
            scoped = await uow.campaigns.list(org, CampaignFilter(brand_ids=frozenset({brand})))
            live = await uow.campaigns.live()
        assert len(by_brand) == 2
        assert {c.id for c in active} == {mine.id, other_brand.id}
        assert {c.id for c in scoped} == {c.id for c in by_brand}
        assert {mine.id, other_brand.id, elsewhere.id, creating.id} <= {c.id for c in live}
        assert all(c.status in REVIEWED for c in live)


class TestAdRuleRepository:
    async def test_rules_round_trip_update_and_remove(self, uow_factory: UowFactory) -> None:
        budget_rule = rule(
            action=RuleAction.CHANGE_BUDGET,
            adjustment=BudgetAdjustment(
                mode=AdjustmentMode.PERCENT, value=Decimal(-20), floor=Decimal("10.50")
            ),
        )
        async with uow_factory() as uow:
            await uow.ad_rules.add(budget_rule)
            await uow.commit()
        async with uow_factory() as uow:
            loaded = await uow.ad_rules.get(budget_rule.organization_id, budget_rule.id)
            assert loaded is not None
            assert loaded.condition == budget_rule.condition
            assert loaded.minimum == budget_rule.minimum
            assert loaded.adjustment == budget_rule.adjustment
            assert loaded.cooldown == budget_rule.cooldown
            loaded.update({"dry_run": True}, now=NOW)
            await uow.ad_rules.save(loaded)
            await uow.commit()
        async with uow_factory() as uow:
            for_campaign = await uow.ad_rules.for_campaign(budget_rule.campaign_id)
            assert [r.dry_run for r in for_campaign] == [True]
            listed = await uow.ad_rules.list(
                budget_rule.organization_id, campaign_id=budget_rule.campaign_id
            )
            assert [r.id for r in listed] == [budget_rule.id]
            await uow.ad_rules.remove(listed[0])
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.ad_rules.get(budget_rule.organization_id, budget_rule.id) is None

    async def test_winner_rules_are_found_by_experiment(self, uow_factory: UowFactory) -> None:
        experiment = uuid4()
        winner = rule(
            action=RuleAction.SHIFT_TO_WINNER,
            condition=None,
            experiment_id=experiment,
            adjustment=BudgetAdjustment(mode=AdjustmentMode.PERCENT, value=Decimal(25)),
        )
        async with uow_factory() as uow:
            await uow.ad_rules.add(winner)
            await uow.ad_rules.add(rule(organization_id=winner.organization_id))
            await uow.commit()
        async with uow_factory() as uow:
            found = await uow.ad_rules.for_experiment(winner.organization_id, experiment)
        assert [r.id for r in found] == [winner.id]
        assert found[0].condition is None


def evaluation(**overrides: Any) -> RuleEvaluation:
    values: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": uuid4(),
        "rule_id": uuid4(),
        "campaign_id": uuid4(),
        "subject_id": uuid4(),
        "slot": "2026-04-01T09",
        "window_start": NOW - timedelta(days=1),
        "window_end": NOW,
        "evaluated_at": NOW,
        "outcome": "triggered",
        "value": Decimal("25.5"),
        "action": {"paused": True},
    }
    values.update(overrides)
    return RuleEvaluation(**values)


class TestAdDecisionLog:
    async def test_a_window_is_claimed_once(self, uow_factory: UowFactory) -> None:
        first = evaluation()
        async with uow_factory() as uow:
            assert await uow.ad_decisions.claim_evaluation(first) is True
            await uow.commit()
        async with uow_factory() as uow:
            again = evaluation(
                rule_id=first.rule_id,
                subject_id=first.subject_id,
                organization_id=first.organization_id,
            )
            assert await uow.ad_decisions.claim_evaluation(again) is False
            next_slot = evaluation(
                rule_id=first.rule_id,
                subject_id=first.subject_id,
                organization_id=first.organization_id,
                slot="2026-04-01T10",
                evaluated_at=NOW + timedelta(hours=1),
                outcome="not_met",
                value=Decimal("Infinity"),
            )
            assert await uow.ad_decisions.claim_evaluation(next_slot) is True
            await uow.ad_decisions.update_action(first.id, {"paused": True, "remote": "ok"})
            await uow.commit()
        async with uow_factory() as uow:
            listed = await uow.ad_decisions.evaluations(first.organization_id, first.rule_id)
            last = await uow.ad_decisions.last_action_at(first.rule_id, first.subject_id)
            count = await uow.ad_decisions.actions_since(first.rule_id, NOW - timedelta(hours=1))
            none_later = await uow.ad_decisions.actions_since(first.rule_id, NOW + timedelta(1))
        assert [e.slot for e in listed] == ["2026-04-01T10", "2026-04-01T09"]
        assert listed[0].value is None  # infinity is stored as no value
        assert listed[1].value == Decimal("25.5")
        assert listed[1].action == {"paused": True, "remote": "ok"}
        assert last == NOW
        assert (count, none_later) == (1, 0)

    async def test_pacing_checks_are_claimed_once_per_slot(self, uow_factory: UowFactory) -> None:
        ad_set_id = uuid4()

        def check(slot: str, state: str) -> PacingCheck:
            return PacingCheck(
                organization_id=uuid4(),
                campaign_id=uuid4(),
                ad_set_id=ad_set_id,
                slot=slot,
                checked_at=NOW,
                state=state,
                ratio=Decimal("1.25"),
            )

        async with uow_factory() as uow:
            assert await uow.ad_decisions.claim_pacing(check("2026-04-01T09", "over_pace"))
            await uow.commit()
        async with uow_factory() as uow:
            assert not await uow.ad_decisions.claim_pacing(check("2026-04-01T09", "on_pace"))
            assert await uow.ad_decisions.claim_pacing(check("2026-04-01T10", "on_pace"))
            await uow.commit()
        async with uow_factory() as uow:
            before = await uow.ad_decisions.last_pacing(ad_set_id, "2026-04-01T10")
            nothing = await uow.ad_decisions.last_pacing(ad_set_id, "2026-04-01T09")
        assert before is not None
        assert (before.state, before.ratio) == ("over_pace", Decimal("1.25"))
        assert nothing is None


class TestBudgetCaps:
    async def test_the_brand_cap_wins_over_the_organizations(self, uow_factory: UowFactory) -> None:
        org, brand = OrganizationId(uuid4()), BrandId(uuid4())
        async with uow_factory() as uow:
            await uow.budget_caps.put(
                BudgetCap.create(
                    organization_id=org, brand_id=None, daily=eur("500"), lifetime=None, now=NOW
                )
            )
            await uow.commit()
            assert [e.event_type for e in uow.collect_events()] == ["budget_cap.created"]
        async with uow_factory() as uow:
            assert await uow.budget_caps.cap_for(org, brand, "EUR") == SpendCaps(daily=eur("500"))
            assert await uow.budget_caps.cap_for(org, brand, "USD") is None
            await uow.budget_caps.put(
                BudgetCap(organization_id=org, brand_id=brand, daily=eur("100"), updated_at=NOW)
            )
            await uow.budget_caps.put(
                BudgetCap(organization_id=org, brand_id=brand, daily=eur("120"), updated_at=NOW)
            )
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.budget_caps.cap_for(org, brand, "EUR") == SpendCaps(daily=eur("120"))
            assert await uow.budget_caps.cap_for(org, BrandId(uuid4()), "EUR") == SpendCaps(
                daily=eur("500")
            )
            assert len(await uow.budget_caps.list(org)) == 2
            assert await uow.budget_caps.get(org, brand, "USD") is None
            assert await uow.budget_caps.get(org, BrandId(uuid4()), "EUR") is None
            mine = await uow.budget_caps.get(org, brand, "EUR")
            assert mine is not None
            assert (mine.brand_id, mine.daily, mine.lifetime) == (brand, eur("120"), None)
            mine.remove(now=NOW)
            await uow.budget_caps.remove(mine)
            await uow.commit()
            [removed] = uow.collect_events()
        assert (removed.event_type, removed.aggregate_id) == ("budget_cap.removed", brand)
        assert removed.data["daily"] == "120.00"
        async with uow_factory() as uow:
            assert await uow.budget_caps.cap_for(org, brand, "EUR") == SpendCaps(daily=eur("500"))

    async def test_a_cap_keeps_a_lifetime_maximum_with_or_without_a_daily_one(
        self, uow_factory: UowFactory
    ) -> None:
        org, brand = OrganizationId(uuid4()), BrandId(uuid4())
        async with uow_factory() as uow:
            await uow.budget_caps.put(
                BudgetCap(organization_id=org, brand_id=brand, lifetime=eur("9000"), updated_at=NOW)
            )
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.budget_caps.cap_for(org, brand, "EUR") == SpendCaps(
                lifetime=eur("9000")
            )
            await uow.budget_caps.put(
                BudgetCap(
                    organization_id=org,
                    brand_id=brand,
                    daily=eur("300"),
                    lifetime=eur("8000.50"),
                    updated_at=NOW,
                )
            )
            await uow.commit()
        async with uow_factory() as uow:
            (listed,) = await uow.budget_caps.list(org)
        assert (listed.daily, listed.lifetime, listed.currency) == (
            eur("300"), eur("8000.50"), "EUR",
        )  # fmt: skip


class TestAdPerformance:
    async def test_a_window_is_the_difference_of_cumulative_totals(
        self, uow_factory: UowFactory
    ) -> None:
        org, subject = uuid4(), uuid4()

        def sample(metric: Metric, hours: int, value: str) -> MetricSample:
            return MetricSample(
                organization_id=org,
                brand_id=uuid4(),
                subject_kind=SubjectKind.AD_SET,
                subject_id=subject,
                channel=Channel.META_ADS,
                metric=metric,
                value=Decimal(value),
                observed_at=NOW + timedelta(hours=hours),
                source="sandbox",
                raw_name=metric.value,
                currency="EUR" if metric is Metric.SPEND else None,
            )

        async with uow_factory() as uow:
            await uow.metric_samples.write(
                [
                    sample(Metric.SPEND, 0, "10"),
                    sample(Metric.SPEND, 2, "25.50"),
                    sample(Metric.SPEND, 4, "40"),
                    sample(Metric.IMPRESSIONS, 2, "1000"),
                    sample(Metric.IMPRESSIONS, 4, "3000"),
                    sample(Metric.CONVERSIONS, 4, "2"),
                    sample(Metric.CLICKS, 4, "30"),
                ],
                window=RollupWindow(now=NOW, late_days=3650),
            )
            await uow.commit()
        async with uow_factory() as uow:
            window = await uow.ad_performance.performance(
                org,
                SubjectKind.AD_SET,
                subject,
                start=NOW + timedelta(hours=1),
                end=NOW + timedelta(hours=3),
            )
            total = await uow.ad_performance.performance(
                org, SubjectKind.AD_SET, subject, start=None, end=NOW + timedelta(hours=5)
            )
            other = await uow.ad_performance.performance(
                uuid4(), SubjectKind.AD_SET, subject, start=None, end=NOW + timedelta(hours=5)
            )
        assert window.spend == Decimal("15.50")  # 25.50 at 2h minus 10 at 0h
        assert window.impressions == 1000
        assert (total.spend, total.impressions, total.clicks) == (Decimal(40), 3000, 30)
        assert total.conversions == Decimal(2)
        assert other.spend == 0
