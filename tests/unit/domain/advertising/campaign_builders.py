"""Builders of campaigns, ad sets and ads for the advertising tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.levels import Objective
from umt.domain.advertising.targeting import AdTargeting
from umt.domain.advertising.tree import Ad, AdCreative, AdSet
from umt.domain.shared.ids import (
    AdId,
    AdSetId,
    BrandId,
    CampaignId,
    ChannelAccountId,
    ContentId,
    ContentVersionId,
    OrganizationId,
)
from umt.domain.shared.money import Money
from umt.domain.shared.values import Url

NOW = datetime(2026, 4, 1, 9, tzinfo=UTC)


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def daily(amount: str, currency: str = "EUR") -> Budget:
    return Budget(BudgetKind.DAILY, Money(Decimal(amount), currency))


def lifetime(amount: str, currency: str = "EUR") -> Budget:
    return Budget(BudgetKind.LIFETIME, Money(Decimal(amount), currency))


def campaign(**overrides: Any) -> Campaign:
    now = overrides.pop("now", NOW)
    fields: dict[str, Any] = {
        "id": CampaignId(uuid4()),
        "organization_id": OrganizationId(uuid4()),
        "brand_id": BrandId(uuid4()),
        "ad_account_id": ChannelAccountId(uuid4()),
        "name": "Spring launch",
        "objective": Objective.TRAFFIC,
        "currency": "EUR",
        "starts_at": NOW,
        "ends_at": NOW + timedelta(days=10),
    }
    fields.update(overrides)
    return Campaign.plan(now=now, **fields)


def ad_set(**overrides: Any) -> AdSet:
    fields: dict[str, Any] = {
        "id": AdSetId(uuid4()),
        "name": "Berlin founders",
        "budget": daily("100"),
        "targeting": AdTargeting(countries=("DE",), age_min=25, age_max=45),
    }
    fields.update(overrides)
    return AdSet(**fields)


def creative(**overrides: Any) -> AdCreative:
    fields: dict[str, Any] = {
        "content_id": ContentId(uuid4()),
        "content_version_id": ContentVersionId(uuid4()),
        "headline": "Ship faster",
        "body": "The planner your team will actually open.",
        "link": Url("https://example.com/spring"),
    }
    fields.update(overrides)
    return AdCreative(**fields)


def ad(**overrides: Any) -> Ad:
    fields: dict[str, Any] = {"id": AdId(uuid4()), "name": "Headline A", "creative": creative()}
    fields.update(overrides)
    return Ad(**fields)


def planned_tree(*, sets: int = 1, ads: int = 1, **overrides: Any) -> Campaign:
    """A draft with ``sets`` ad sets of ``ads`` ads each (daily 100 EUR apiece)."""
    built = campaign(**overrides)
    for _ in range(sets):
        new_set = ad_set()
        built.add_ad_set(new_set, now=NOW, cap=None)
        for _ in range(ads):
            built.add_ad(new_set.id, ad(), now=NOW)
    built.events.clear()
    return built
