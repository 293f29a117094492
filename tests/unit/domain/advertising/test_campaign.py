"""The Campaign aggregate: its budget and date invariants, its tree and its lifecycle."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from tests.unit.domain.advertising.campaign_builders import (
    NOW,
    ad,
    ad_set,
    campaign,
    daily,
    eur,
    lifetime,
    planned_tree,
)

from umt.domain.advertising.campaign import TRANSITIONS, Campaign, CampaignStatus
from umt.domain.advertising.errors import (
    BudgetCapExceeded,
    BudgetCurrencyMismatch,
    BudgetNotPositive,
    CampaignDatesInvalid,
    CampaignEndInPast,
    CampaignInvalid,
    CampaignNotEditable,
    CampaignTreeIncomplete,
    IllegalCampaignTransition,
    LifetimeBudgetNeedsEndDate,
    UnknownAdObject,
)
from umt.domain.advertising.events import CampaignPaused
from umt.domain.advertising.levels import AdLevel, BidStrategy, DeliveryStatus
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.money import Money


def launched(built: Campaign) -> Campaign:
    built.begin_launch(now=NOW)
    for pending in built.pending_objects():
        built.record_remote_id(pending.level, pending.object_id, f"r-{pending.object_id}", NOW)
    built.activate(now=NOW)
    built.events.clear()
    return built


# ---------------------------------------------------------------------- planning invariants


def test_a_planned_campaign_is_a_draft_and_says_so() -> None:
    built = campaign()
    assert built.status is CampaignStatus.DRAFT
    assert [e.event_type for e in built.events] == ["campaign.created"]
    assert built.events[0].data["currency"] == "EUR"
    assert built.reference == f"cmp-{built.id.hex}"


def test_dates_must_be_ordered() -> None:
    with pytest.raises(CampaignDatesInvalid):
        campaign(ends_at=NOW)
    with pytest.raises(CampaignDatesInvalid):
        campaign(ends_at=NOW - timedelta(days=1))


def test_an_end_in_the_past_is_refused() -> None:
    with pytest.raises(CampaignEndInPast):
        campaign(starts_at=NOW - timedelta(days=9), ends_at=NOW - timedelta(hours=1))


def test_a_budget_in_another_currency_than_the_account_is_refused() -> None:
    built = campaign()
    with pytest.raises(BudgetCurrencyMismatch) as caught:
        built.add_ad_set(ad_set(budget=daily("50", "USD")), now=NOW, cap=None)
    assert caught.value.field == "budget.currency"
    assert built.ad_sets == []


def test_a_bid_in_another_currency_is_refused() -> None:
    with pytest.raises(BudgetCurrencyMismatch):
        campaign().add_ad_set(
            ad_set(bid_strategy=BidStrategy.COST_CAP, bid=Money(Decimal(2), "USD")),
            now=NOW,
            cap=None,
        )


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_a_budget_is_positive(amount: str) -> None:
    with pytest.raises(BudgetNotPositive):
        daily(amount)


def test_the_cap_bounds_the_campaigns_daily_ceiling() -> None:
    built = campaign()
    built.add_ad_set(ad_set(budget=daily("60")), now=NOW, cap=eur("100"))
    with pytest.raises(BudgetCapExceeded):
        built.add_ad_set(ad_set(budget=daily("41")), now=NOW, cap=eur("100"))
    built.add_ad_set(ad_set(budget=daily("40")), now=NOW, cap=eur("100"))
    assert built.daily_ceiling() == eur("100")


def test_a_lifetime_budget_counts_against_the_cap_per_day_of_its_flight() -> None:
    built = campaign(ends_at=NOW + timedelta(days=10))
    # 1000 EUR over 10 days: 100 a day
    built.add_ad_set(ad_set(budget=lifetime("1000")), now=NOW, cap=eur("100"))
    assert built.daily_ceiling() == eur("100")
    with pytest.raises(BudgetCapExceeded):
        built.add_ad_set(ad_set(budget=daily("0.01")), now=NOW, cap=eur("100"))


def test_a_lifetime_budget_needs_an_end_date() -> None:
    built = campaign(ends_at=None)
    with pytest.raises(LifetimeBudgetNeedsEndDate):
        built.add_ad_set(ad_set(budget=lifetime("500")), now=NOW, cap=None)
    # the ad set's own end is enough
    built.add_ad_set(
        ad_set(budget=lifetime("500"), ends_at=NOW + timedelta(days=5)), now=NOW, cap=None
    )


def test_an_ad_set_lies_within_its_campaigns_dates() -> None:
    built = campaign()
    with pytest.raises(CampaignDatesInvalid):
        built.add_ad_set(ad_set(ends_at=NOW + timedelta(days=11)), now=NOW, cap=None)
    with pytest.raises(CampaignDatesInvalid):
        built.add_ad_set(ad_set(starts_at=NOW - timedelta(days=1)), now=NOW, cap=None)


def test_bid_strategies_take_the_bid_they_need() -> None:
    with pytest.raises(CampaignInvalid):
        ad_set(bid_strategy=BidStrategy.COST_CAP)
    with pytest.raises(CampaignInvalid):
        ad_set(bid=eur("1"))
    with pytest.raises(BudgetNotPositive):
        ad_set(bid_strategy=BidStrategy.BID_CAP, bid=eur("0"))


# ---------------------------------------------------------------------- the tree and launch


def test_launch_needs_ad_sets_with_ads() -> None:
    built = campaign()
    with pytest.raises(CampaignTreeIncomplete):
        built.begin_launch(now=NOW)
    built.add_ad_set(ad_set(), now=NOW, cap=None)
    with pytest.raises(CampaignTreeIncomplete):
        built.begin_launch(now=NOW)
    assert built.status is CampaignStatus.DRAFT


def test_pending_objects_list_parents_first_and_shrink_as_ids_arrive() -> None:
    built = planned_tree(sets=2, ads=2)
    built.begin_launch(now=NOW)
    pending = built.pending_objects()
    assert [p.level for p in pending] == [
        AdLevel.CAMPAIGN,
        AdLevel.AD_SET,
        AdLevel.AD,
        AdLevel.AD,
        AdLevel.AD_SET,
        AdLevel.AD,
        AdLevel.AD,
    ]
    assert pending[1].parent_remote_id is None  # the campaign has no remote id yet
    built.record_remote_id(AdLevel.CAMPAIGN, built.id, "c-1", NOW)
    after = built.pending_objects()
    assert len(after) == 6
    assert after[0].parent_remote_id == "c-1"
    with pytest.raises(CampaignTreeIncomplete):
        built.activate(now=NOW)


def test_activation_switches_the_whole_tree_on() -> None:
    built = launched(planned_tree(sets=1, ads=2))
    assert built.status is CampaignStatus.ACTIVE
    assert built.launched_at == NOW
    assert all(s.status is DeliveryStatus.ACTIVE for s in built.ad_sets)
    assert all(a.status is DeliveryStatus.ACTIVE for _, a in built.ads())


def test_the_tree_is_frozen_once_launched() -> None:
    built = planned_tree()
    built.begin_launch(now=NOW)
    with pytest.raises(CampaignNotEditable):
        built.add_ad_set(ad_set(), now=NOW, cap=None)
    with pytest.raises(CampaignNotEditable):
        built.add_ad(built.ad_sets[0].id, ad(), now=NOW)


def test_an_unknown_ad_set_is_named() -> None:
    built = planned_tree()
    with pytest.raises(UnknownAdObject):
        built.add_ad(ad_set().id, ad(), now=NOW)


# ---------------------------------------------------------------------- lifecycle


def test_every_transition_outside_the_table_is_refused() -> None:
    for source, allowed in TRANSITIONS.items():
        for target in CampaignStatus:
            if target in allowed or target is source:
                continue
            built = planned_tree()
            built.status = source
            with pytest.raises(IllegalCampaignTransition):
                built._move(target, NOW, "test", CampaignPaused)


def test_pause_resume_archive_record_their_events_with_a_reason() -> None:
    built = launched(planned_tree())
    built.pause(now=NOW, reason="rule")
    built.resume(now=NOW)
    built.archive(now=NOW)
    assert [e.event_type for e in built.events] == [
        "campaign.paused",
        "campaign.resumed",
        "campaign.archived",
    ]
    assert built.events[0].data["reason"] == "rule"
    assert built.events[0].data["after"] == {"status": "paused"}


def test_a_stale_version_is_refused() -> None:
    built = launched(planned_tree())
    with pytest.raises(StaleVersion):
        built.pause(now=NOW, expected=built.version - 1)


def test_resume_after_the_end_is_refused() -> None:
    built = launched(planned_tree())
    built.pause(now=NOW)
    with pytest.raises(CampaignEndInPast):
        built.resume(now=NOW + timedelta(days=11))


# ---------------------------------------------------------------------- budgets


def test_a_budget_change_keeps_kind_currency_and_cap() -> None:
    built = launched(planned_tree(sets=2))
    first = built.ad_sets[0]
    with pytest.raises(CampaignNotEditable):
        built.change_budget(first.id, lifetime("500"), now=NOW, cap=None)
    with pytest.raises(BudgetCurrencyMismatch):
        built.change_budget(first.id, daily("90", "USD"), now=NOW, cap=None)
    with pytest.raises(BudgetCapExceeded):  # 150 + 100 > 200
        built.change_budget(first.id, daily("150"), now=NOW, cap=eur("200"))
    assert first.budget == daily("100")
    assert built.events == []
    assert built.change_budget(first.id, daily("80"), now=NOW, cap=eur("150"))  # a cut
    assert first.budget == daily("80")
    event = built.events[-1]
    assert event.event_type == "campaign.budget_changed"
    assert event.data["before"] == {"amount": "100.00"}
    assert event.data["after"] == {"amount": "80.00"}
    assert not built.change_budget(first.id, daily("80"), now=NOW, cap=None)


def test_an_archived_campaigns_budget_is_final() -> None:
    built = launched(planned_tree())
    built.archive(now=NOW)
    with pytest.raises(CampaignNotEditable):
        built.change_budget(built.ad_sets[0].id, daily("10"), now=NOW, cap=None)


def test_an_ad_set_is_paused_once() -> None:
    built = launched(planned_tree())
    target = built.ad_sets[0].id
    assert built.set_ad_set_status(target, DeliveryStatus.PAUSED, now=NOW, reason="rule")
    assert not built.set_ad_set_status(target, DeliveryStatus.PAUSED, now=NOW, reason="rule")
    assert [e.event_type for e in built.events] == ["campaign.ad_set_paused"]
