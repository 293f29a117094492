"""A budget cap's life: created, changed (only when its maximums differ), removed, each an
event about its scope (the brand, or the organization)."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from tests.unit.domain.advertising.campaign_builders import NOW, eur

from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.errors import BudgetCurrencyMismatch
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.money import Money

ORG = OrganizationId(uuid4())
BRAND = BrandId(uuid4())


def brand_cap() -> BudgetCap:
    return BudgetCap.create(
        organization_id=ORG, brand_id=BRAND, daily=eur("400"), lifetime=None, now=NOW
    )


def test_a_cap_is_an_event_about_its_brand_or_its_organization() -> None:
    [created] = brand_cap().events
    assert (created.event_type, created.aggregate_id) == ("budget_cap.created", BRAND)
    assert created.data == {
        "brand_id": str(BRAND),
        "currency": "EUR",
        "daily": "400.00",
        "lifetime": None,
    }
    org_cap = BudgetCap.create(
        organization_id=ORG, brand_id=None, daily=None, lifetime=eur("9000"), now=NOW
    )
    assert org_cap.events[0].aggregate_id == ORG
    assert org_cap.events[0].data["brand_id"] is None


def test_a_change_records_before_and_after_and_the_same_maximums_record_nothing() -> None:
    cap = brand_cap()
    later = NOW + timedelta(hours=1)
    assert not cap.change(daily=eur("400.00"), lifetime=None, now=later)
    assert cap.updated_at == NOW
    assert cap.change(daily=None, lifetime=eur("9000"), now=later)
    assert (cap.daily, cap.lifetime, cap.updated_at) == (None, eur("9000"), later)
    updated = cap.events[-1]
    assert updated.event_type == "budget_cap.updated"
    assert updated.data["before"] == {"currency": "EUR", "daily": "400.00", "lifetime": None}
    assert updated.data["after"] == {"currency": "EUR", "daily": None, "lifetime": "9000.00"}
    assert len(cap.events) == 2


def test_a_change_keeps_the_currency_and_one_maximum() -> None:
    cap = brand_cap()
    with pytest.raises(BudgetCurrencyMismatch):
        cap.change(daily=Money.of("400", "USD"), lifetime=None, now=NOW)
    with pytest.raises(InvalidValue):
        cap.change(daily=None, lifetime=None, now=NOW)
    assert (cap.daily, len(cap.events)) == (eur("400"), 1)


def test_removal_records_what_the_cap_was() -> None:
    cap = brand_cap()
    cap.remove(now=NOW)
    removed = cap.events[-1]
    assert (removed.event_type, removed.data["daily"]) == ("budget_cap.removed", "400.00")
