"""The three levels of an ad tree and the delivery states a platform reports."""

from __future__ import annotations

from enum import StrEnum


class AdLevel(StrEnum):
    CAMPAIGN = "campaign"
    AD_SET = "ad_set"  # Meta's ad set, Google Ads' ad group
    AD = "ad"


class DeliveryStatus(StrEnum):
    """What the platform says of an object; umt creates everything PAUSED."""

    PAUSED = "paused"
    ACTIVE = "active"
    ARCHIVED = "archived"
    DELETED = "deleted"


class Objective(StrEnum):
    AWARENESS = "awareness"
    TRAFFIC = "traffic"
    ENGAGEMENT = "engagement"
    LEADS = "leads"
    SALES = "sales"


class BidStrategy(StrEnum):
    LOWEST_COST = "lowest_cost"  # the platform spends the budget for the most results
    COST_CAP = "cost_cap"  # average cost per result at most ``bid``
    BID_CAP = "bid_cap"  # each auction bid at most ``bid``
    TARGET_CPA = "target_cpa"
    TARGET_ROAS = "target_roas"
