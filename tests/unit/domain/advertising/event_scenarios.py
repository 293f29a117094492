"""The advertising context's events, driven with fixed ids and times for the pinned payloads
(``tests/unit/domain/test_event_payloads.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.conditions import Comparison, Condition, RuleMetric
from umt.domain.advertising.events import PacingAlert
from umt.domain.advertising.levels import DeliveryStatus, Objective
from umt.domain.advertising.revision import CampaignChanges
from umt.domain.advertising.rule import AdRule, RuleAction
from umt.domain.advertising.targeting import AdTargeting
from umt.domain.advertising.tree import Ad, AdCreative, AdSet
from umt.domain.shared.events import DomainEvent
from umt.domain.shared.money import Money
from umt.domain.shared.values import Url

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _id(n: int) -> UUID:
    return UUID(int=n)


def advertising_events(organization_id: UUID) -> Iterator[DomainEvent]:
    def at(minutes: int) -> datetime:
        return T0 + timedelta(minutes=minutes)

    campaign = Campaign.plan(
        now=T0,
        id=_id(800),
        organization_id=organization_id,
        brand_id=_id(10),
        ad_account_id=_id(801),
        name="Spring launch",
        objective=Objective.TRAFFIC,
        currency="EUR",
        starts_at=T0,
        ends_at=T0 + timedelta(days=10),
    )
    ad_set = AdSet(
        id=_id(802),
        name="Founders",
        budget=Budget(BudgetKind.DAILY, Money(Decimal(50), "EUR")),
        targeting=AdTargeting(countries=("DE",)),
    )
    campaign.add_ad_set(ad_set, now=at(1), cap=None)
    creative = AdCreative(
        content_id=_id(30),
        content_version_id=_id(31),
        headline="Ship faster",
        body="Plan less.",
        link=Url("https://example.com/"),
    )
    campaign.add_ad(ad_set.id, Ad(id=_id(803), name="A", creative=creative), now=at(2))
    campaign.begin_launch(now=at(3))
    for n, pending in enumerate(campaign.pending_objects()):
        campaign.record_remote_id(pending.level, pending.object_id, f"r{n}", at(4))
    campaign.activate(now=at(5))
    campaign.change_budget(
        ad_set.id, Budget(BudgetKind.DAILY, Money(Decimal(40), "EUR")), now=at(6), cap=None
    )
    campaign.revise(
        CampaignChanges(name="Spring launch (extended)", ends_at=T0 + timedelta(days=12)),
        now=at(6),
        cap=None,
    )
    campaign.set_ad_set_status(ad_set.id, DeliveryStatus.PAUSED, now=at(7), reason="rule")
    campaign.set_ad_set_status(ad_set.id, DeliveryStatus.ACTIVE, now=at(8), reason="user")
    campaign.alert(
        PacingAlert(
            brand_id=_id(10),
            ad_set_id=ad_set.id,
            state="over_pace",
            currency="EUR",
            planned="100.00",
            actual="130.00",
            ratio=1.3,
            required_daily="38.75",
        ),
        now=at(9),
    )
    campaign.pause(now=at(10))
    campaign.resume(now=at(11))
    campaign.complete(now=at(12))
    campaign.archive(now=at(13))
    rule = AdRule.define(
        now=T0,
        id=_id(804),
        organization_id=organization_id,
        brand_id=_id(10),
        campaign_id=campaign.id,
        name="Pause expensive",
        action=RuleAction.PAUSE,
        condition=Condition(metric=RuleMetric.CPA, comparison=Comparison.GT, threshold=Decimal(20)),
    )
    rule.update({"dry_run": True}, now=at(1))
    rule.fired(subject_id=ad_set.id, value=Decimal(25), detail={"paused": False}, now=at(2))
    rule.delete(now=at(3))
    yield from campaign.events
    yield from rule.events
    yield from budget_cap_events(organization_id)


def budget_cap_events(organization_id: UUID) -> Iterator[DomainEvent]:
    """A brand's cap set, raised with a lifetime maximum, removed; the organization's set."""
    cap = BudgetCap.create(
        organization_id=organization_id,
        brand_id=_id(10),
        daily=Money(Decimal(400), "EUR"),
        lifetime=None,
        now=T0,
    )
    cap.change(
        daily=Money(Decimal("450.50"), "EUR"),
        lifetime=Money(Decimal(9000), "EUR"),
        now=T0 + timedelta(minutes=1),
    )
    cap.remove(now=T0 + timedelta(minutes=2))
    organization_cap = BudgetCap.create(
        organization_id=organization_id,
        brand_id=None,
        daily=None,
        lifetime=Money(Decimal(20000), "USD"),
        now=T0 + timedelta(minutes=3),
    )
    yield from cap.events
    yield from organization_cap.events
