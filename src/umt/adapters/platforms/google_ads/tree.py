"""Building the Google Ads objects of an ad tree as ``googleAds:mutate`` operations.

umt's campaign → ad set → ad is Google's campaign (with its campaign budget) → ad group → ad
group ad (a responsive search ad). Money goes in micros of the customer's currency; every
object is created PAUSED; our reference is in the campaign and ad group names
(``[umt:<reference>]``) and, since a responsive search ad has no name, in the ad's
``finalUrlSuffix`` (``umt_ref=<reference>``, a query parameter Google appends to the landing
page: harmless, and found again with GAQL).

Google keeps the budget on the campaign, where umt keeps it on the ad set: the campaign is
created with a budget of the currency's smallest unit (it is PAUSED, it cannot spend), and the
ad set's creation sets that budget to the ad set's (``set_budget`` on an ad group likewise
changes its campaign's budget, shared by every ad group of the campaign). A daily budget is
``period=DAILY`` with ``amountMicros``; a lifetime budget ``period=CUSTOM_PERIOD`` with
``totalAmountMicros`` and the campaign's end. The bid strategy is the campaign's too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from umt.adapters.platforms.ad_references import name_with_reference, reference_token
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import BidStrategy, Objective
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.money import Money
from umt.ports.ad_network import AdSetSpec, AdSpec, CampaignSpec, Targeting

SUFFIX_KEY = "umt_ref"
AGE_RANGES = (
    ("AGE_RANGE_18_24", 18, 24),
    ("AGE_RANGE_25_34", 25, 34),
    ("AGE_RANGE_35_44", 35, 44),
    ("AGE_RANGE_45_54", 45, 54),
    ("AGE_RANGE_55_64", 55, 64),
    ("AGE_RANGE_65_UP", 65, 200),
)
GENDERS = {"male": "MALE", "female": "FEMALE"}
CONVERSION_OBJECTIVES = frozenset({Objective.LEADS, Objective.SALES})


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    currency: str
    time_zone: str
    login: str | None = None

    def temp(self, collection: str, number: int) -> str:
        return f"customers/{self.id}/{collection}/-{number}"

    def micros(self, money: Money, *, field: str) -> str:
        """Money as Google's int64 micros (a JSON string); another currency is refused."""
        if money.currency != self.currency:
            raise InvalidValue(
                f"the Google Ads account is in {self.currency}; {money.currency} cannot be sent",
                field=field,
            )
        return str(money.micros)

    def local(self, moment: datetime) -> str:
        """A campaign date-time: ``yyyy-MM-dd HH:mm:ss`` in the account's time zone."""
        return moment.astimezone(ZoneInfo(self.time_zone)).strftime("%Y-%m-%d %H:%M:%S")


def url_suffix(reference: str) -> str:
    reference_token(reference)  # validates
    return f"{SUFFIX_KEY}={reference}"


def budget_fields(customer: Customer, budget: Budget) -> dict[str, Any]:
    amount = customer.micros(budget.amount, field="budget.currency")
    if budget.kind is BudgetKind.DAILY:
        return {"period": "DAILY", "amountMicros": amount}
    return {"period": "CUSTOM_PERIOD", "totalAmountMicros": amount}


def placeholder_budget(customer: Customer) -> Budget:
    return Budget(BudgetKind.DAILY, Money.from_minor(1, customer.currency))


def budget_create(
    customer: Customer, number: int, name: str, reference: str, budget: Budget
) -> dict[str, Any]:
    return {
        "campaignBudgetOperation": {
            "create": {
                "resourceName": customer.temp("campaignBudgets", number),
                "name": name_with_reference(f"{name} budget", reference),
                "deliveryMethod": "STANDARD",
                "explicitlyShared": False,
                **budget_fields(customer, budget),
            }
        }
    }


def bidding(
    customer: Customer, objective: Objective | None, ad_set: AdSetSpec | None
) -> dict[str, Any]:
    """The campaign's bidding scheme: the ad set's strategy, else the objective's default."""
    strategy = ad_set.bid_strategy if ad_set is not None else BidStrategy.LOWEST_COST
    bid = ad_set.bid if ad_set is not None else None
    if strategy is BidStrategy.LOWEST_COST:
        if objective in CONVERSION_OBJECTIVES:
            return {"maximizeConversions": {}}
        return {"targetSpend": {}} if objective is not None else {}
    if strategy is BidStrategy.TARGET_ROAS:
        if bid is not None:
            raise InvalidValue("a target ROAS is a ratio, not an amount", field="bid")
        return {"maximizeConversionValue": {}}
    if bid is None:
        raise InvalidValue(f"the {strategy} strategy needs a bid", field="bid")
    micros = customer.micros(bid, field="bid.currency")
    if strategy is BidStrategy.BID_CAP:
        return {"targetSpend": {"cpcBidCeilingMicros": micros}}
    return {"maximizeConversions": {"targetCpaMicros": micros}}  # COST_CAP, TARGET_CPA


def campaign_create(
    customer: Customer, number: int, budget: str, spec: CampaignSpec, scheme: Mapping[str, Any]
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "resourceName": customer.temp("campaigns", number),
        "name": name_with_reference(spec.name, spec.reference),
        "status": "PAUSED",
        "advertisingChannelType": "SEARCH",
        "campaignBudget": budget,
        "networkSettings": {
            "targetGoogleSearch": True,
            "targetSearchNetwork": True,
            "targetContentNetwork": False,
            "targetPartnerSearchNetwork": False,
        },
        "containsEuPoliticalAdvertising": "DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING",
        **scheme,
    }
    if spec.starts_at is not None:
        fields["startDateTime"] = customer.local(spec.starts_at)
    if spec.ends_at is not None:
        fields["endDateTime"] = customer.local(spec.ends_at)
    return {"campaignOperation": {"create": fields}}


def update(kind: str, fields: Mapping[str, Any], mask: list[str]) -> dict[str, Any]:
    return {kind: {"update": dict(fields), "updateMask": ",".join(mask)}}


def mask_of(fields: Mapping[str, Any], prefix: str = "") -> list[str]:
    """A FieldMask's paths (snake_case) for the fields set in ``fields``."""
    paths: list[str] = []
    for key, value in fields.items():
        if key == "resourceName":
            continue
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in key)
        if isinstance(value, dict) and value:
            paths.extend(mask_of(value, f"{prefix}{snake}."))
        else:
            paths.append(f"{prefix}{snake}")
    return paths


def ad_group_create(
    customer: Customer, number: int, campaign: str, spec: AdSetSpec
) -> dict[str, Any]:
    return {
        "adGroupOperation": {
            "create": {
                "resourceName": customer.temp("adGroups", number),
                "name": name_with_reference(spec.name, spec.reference),
                "campaign": campaign,
                "status": "PAUSED",
                "type": "SEARCH_STANDARD",
            }
        }
    }


def audience_criteria(ad_group: str, targeting: Targeting) -> list[dict[str, Any]]:
    """Age and gender as negative ad group criteria: the ranges and genders left out."""
    operations: list[dict[str, Any]] = []
    low, high = targeting.age_min, targeting.age_max
    if low is not None or high is not None:
        for age_range, start, end in AGE_RANGES:
            if (high is not None and start > high) or (low is not None and end < low):
                operations.append(_negative(ad_group, {"ageRange": {"type": age_range}}))
    if targeting.genders:
        unknown = [g for g in targeting.genders if g.lower() not in GENDERS]
        if unknown:
            raise InvalidValue(f"unknown genders {unknown}", field="targeting.genders")
        wanted = {GENDERS[g.lower()] for g in targeting.genders}
        operations.extend(
            _negative(ad_group, {"gender": {"type": gender}})
            for gender in sorted(set(GENDERS.values()) - wanted)
        )
    return operations


def _negative(ad_group: str, criterion: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "adGroupCriterionOperation": {
            "create": {"adGroup": ad_group, "status": "ENABLED", "negative": True, **criterion}
        }
    }


def campaign_criteria(
    campaign: str, locations: list[str], languages: list[str]
) -> list[dict[str, Any]]:
    operations = [
        {
            "campaignCriterionOperation": {
                "create": {"campaign": campaign, "location": {"geoTargetConstant": location}}
            }
        }
        for location in locations
    ]
    operations += [
        {
            "campaignCriterionOperation": {
                "create": {"campaign": campaign, "language": {"languageConstant": language}}
            }
        }
        for language in languages
    ]
    return operations


def ad_create(ad_group: str, spec: AdSpec) -> dict[str, Any]:
    """A responsive search ad: headlines from the headline, the call to action and the
    landing page's host; descriptions from the body and the headline (Google asks for at least
    three headlines and two descriptions)."""
    creative = spec.creative
    host = creative.link.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
    headlines = [creative.headline, creative.call_to_action or "Learn more", host]
    descriptions = [creative.body, creative.headline]
    return {
        "adGroupAdOperation": {
            "create": {
                "adGroup": ad_group,
                "status": "PAUSED",
                "ad": {
                    "finalUrls": [creative.link],
                    "finalUrlSuffix": url_suffix(spec.reference),
                    "responsiveSearchAd": {
                        "headlines": [{"text": h} for h in dict.fromkeys(headlines)],
                        "descriptions": [{"text": d} for d in dict.fromkeys(descriptions)],
                    },
                },
            }
        }
    }
