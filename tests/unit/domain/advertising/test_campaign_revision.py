"""Campaign.revise: renaming, moving the dates and (a draft's) objective, with the invariants
of planning checked before anything changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.unit.domain.advertising.campaign_builders import (
    NOW,
    ad_set,
    campaign,
    daily,
    eur,
    lifetime,
    planned_tree,
)

from umt.domain.advertising.caps import SpendCaps
from umt.domain.advertising.errors import (
    BudgetCapExceeded,
    CampaignDatesInvalid,
    CampaignEndInPast,
    CampaignNotEditable,
    LifetimeBudgetNeedsEndDate,
)
from umt.domain.advertising.levels import Objective
from umt.domain.advertising.revision import CampaignChanges
from umt.domain.shared.errors import StaleVersion

LATER = NOW + timedelta(hours=1)


def test_a_rename_and_a_longer_flight_are_recorded_with_what_changed() -> None:
    draft = planned_tree()
    version = draft.version
    changed = draft.revise(
        CampaignChanges(name="Spring (long)", ends_at=NOW + timedelta(days=20)),
        now=LATER,
        cap=None,
        expected_version=version,
    )
    assert changed == ["name", "ends_at"]
    assert (draft.name, draft.ends_at, draft.version) == (
        "Spring (long)", NOW + timedelta(days=20), version + 1,
    )  # fmt: skip
    event = draft.events[-1]
    assert event.event_type == "campaign.updated"
    assert event.data["before"] == {
        "name": "Spring launch", "ends_at": (NOW + timedelta(days=10)).isoformat(),
    }  # fmt: skip
    assert draft.revise(CampaignChanges(name="Spring (long)"), now=LATER, cap=None) == []
    assert draft.version == version + 1  # nothing changed: no new version


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (CampaignChanges(ends_at=NOW - timedelta(days=1)), CampaignDatesInvalid),
        (CampaignChanges(starts_at=NOW + timedelta(days=11)), CampaignDatesInvalid),
        (CampaignChanges(ends_at=NOW + timedelta(minutes=30)), CampaignEndInPast),
    ],
)
def test_dates_stay_ordered_and_ahead(changes: CampaignChanges, error: type[Exception]) -> None:
    draft = planned_tree()
    before = (draft.starts_at, draft.ends_at, draft.version)
    with pytest.raises(error):
        draft.revise(changes, now=LATER, cap=None)
    assert (draft.starts_at, draft.ends_at, draft.version) == before


def test_a_lifetime_budget_keeps_an_end_and_a_shorter_flight_stays_under_the_cap() -> None:
    draft = campaign()
    draft.add_ad_set(ad_set(budget=lifetime("1000")), now=NOW, cap=None)  # 100 a day
    with pytest.raises(LifetimeBudgetNeedsEndDate):
        draft.revise(CampaignChanges(drop_end=True), now=LATER, cap=None)
    shorter = CampaignChanges(ends_at=NOW + timedelta(days=5))  # 200 a day
    with pytest.raises(BudgetCapExceeded):
        draft.revise(shorter, now=LATER, cap=eur("150"))
    assert draft.ends_at == NOW + timedelta(days=10)
    longer = CampaignChanges(ends_at=NOW + timedelta(days=20))  # 50 a day: a cut passes
    assert draft.revise(longer, now=LATER, cap=eur("40")) == ["ends_at"]


def test_an_ad_set_own_dates_stay_within_the_campaign() -> None:
    draft = campaign()
    draft.add_ad_set(ad_set(ends_at=NOW + timedelta(days=8)), now=NOW, cap=None)
    with pytest.raises(CampaignDatesInvalid):
        draft.revise(CampaignChanges(ends_at=NOW + timedelta(days=7)), now=LATER, cap=None)


def test_a_launched_campaign_keeps_its_objective_and_a_start_it_reached() -> None:
    live = planned_tree()
    live.begin_launch(now=NOW)
    for n, pending in enumerate(live.pending_objects()):
        live.record_remote_id(pending.level, pending.object_id, f"r{n}", NOW)
    live.activate(now=NOW)
    with pytest.raises(CampaignNotEditable):
        live.revise(CampaignChanges(objective=Objective.SALES), now=LATER, cap=None)
    with pytest.raises(CampaignDatesInvalid):
        live.revise(CampaignChanges(starts_at=NOW + timedelta(days=1)), now=LATER, cap=None)
    with pytest.raises(StaleVersion):
        live.revise(CampaignChanges(name="x"), now=LATER, cap=None, expected_version=1)
    assert live.revise(CampaignChanges(name="Renamed"), now=LATER, cap=None) == ["name"]
    live.archive(now=LATER)
    with pytest.raises(CampaignNotEditable):
        live.revise(CampaignChanges(name="Again"), now=LATER, cap=None)


def test_a_lifetime_cap_bounds_the_total_and_needs_an_end() -> None:
    draft = campaign()  # ten days
    caps = SpendCaps(lifetime=eur("1500"))
    draft.add_ad_set(ad_set(budget=daily("100")), now=NOW, cap=caps)  # 1000 in all
    with pytest.raises(BudgetCapExceeded):  # 100 a day for 20 days: 2000
        draft.revise(CampaignChanges(ends_at=NOW + timedelta(days=20)), now=LATER, cap=caps)
    with pytest.raises(BudgetCapExceeded):  # no end: no total
        draft.revise(CampaignChanges(drop_end=True), now=LATER, cap=caps)
    with pytest.raises(BudgetCapExceeded):  # 1000 + 600
        draft.add_ad_set(ad_set(budget=lifetime("600")), now=NOW, cap=caps)
    assert draft.revise(CampaignChanges(ends_at=NOW + timedelta(days=14)), now=LATER, cap=caps)
    assert len(draft.ad_sets) == 1
