"""The campaign lifecycle table and its check, apart from the aggregate."""

from __future__ import annotations

import pytest

from umt.domain.advertising.errors import IllegalCampaignTransition
from umt.domain.advertising.status import (
    LIVE,
    REVIEWED,
    TRANSITIONS,
    CampaignStatus,
    check_transition,
)


def test_a_half_created_tree_can_only_be_completed() -> None:
    assert TRANSITIONS[CampaignStatus.CREATING] == {CampaignStatus.ACTIVE}
    check_transition(CampaignStatus.CREATING, CampaignStatus.ACTIVE)
    with pytest.raises(IllegalCampaignTransition, match="allowed: active"):
        check_transition(CampaignStatus.CREATING, CampaignStatus.ARCHIVED)


def test_an_archived_campaign_allows_no_move() -> None:
    with pytest.raises(IllegalCampaignTransition, match="allowed: none") as raised:
        check_transition(CampaignStatus.ARCHIVED, CampaignStatus.ACTIVE)
    assert raised.value.field == "status"


def test_the_review_loop_visits_live_and_creating_campaigns() -> None:
    assert {CampaignStatus.CREATING, *LIVE} == REVIEWED
    assert CampaignStatus.DRAFT not in REVIEWED
