"""Request and response bodies of ad campaigns, their pacing and their rules.

Money is a decimal string and an ISO 4217 code (never a float); the domain checks the rest
(the ad account's currency, positive, under the cap) and names the field it refuses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.tree import Ad, AdSet
from umt.domain.shared.money import Money
from umt.entrypoints.http.schemas.common import Input, Name

Amount = Annotated[
    str,
    Meta(pattern=r"^-?\d{1,12}(\.\d{1,4})?$", examples=["50.00"], description="Decimal text"),
]
Currency = Annotated[str, Meta(pattern=r"^[A-Za-z]{3}$", examples=["USD"])]
ObjectiveName = Literal["awareness", "traffic", "engagement", "leads", "sales"]
StatusName = Literal["draft", "creating", "paused", "active", "completed", "archived"]
BidStrategyName = Literal["lowest_cost", "cost_cap", "bid_cap", "target_cpa", "target_roas"]
Codes = Annotated[list[Annotated[str, Meta(max_length=60)]], Meta(max_length=50)]
IdList = Annotated[list[UUID], Meta(max_length=50)]


class MoneyIO(Input):
    amount: Amount
    currency: Currency


class BudgetIO(Input):
    amount: Amount
    currency: Currency
    kind: Literal["daily", "lifetime"] = "daily"


class AdIn(Input):
    """An ad showing the current, approved version of a content piece."""

    content_id: Annotated[UUID, Meta(examples=["0193a3c2-5f1e-7c4a-9a51-1f6c0f3e2a10"])]
    content_version_id: UUID | None = None
    name: Name | None = None
    headline: Annotated[str, Meta(max_length=255)] | None = None
    link: Annotated[str, Meta(max_length=2048, examples=["https://example.com/spring"])] | None = (
        None
    )
    call_to_action: Annotated[str, Meta(max_length=60, examples=["LEARN_MORE"])] | None = None


class AdSetIn(Input):
    name: Annotated[Name, Meta(examples=["Berlin founders"])]
    budget: BudgetIO
    audience_ids: IdList = msgspec.field(default_factory=list)
    countries: Codes = msgspec.field(default_factory=list)
    languages: Codes = msgspec.field(default_factory=list)
    genders: Codes = msgspec.field(default_factory=list)
    placements: Codes = msgspec.field(default_factory=list)
    bid_strategy: BidStrategyName = "lowest_cost"
    bid: MoneyIO | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    ads: Annotated[list[AdIn], Meta(max_length=50)] = msgspec.field(default_factory=list)


class CampaignCreate(Input):
    """A draft campaign on one of the brand's ad accounts (its currency is the account's)."""

    brand_id: UUID
    ad_account_id: UUID
    name: Annotated[Name, Meta(examples=["Spring launch"])]
    objective: ObjectiveName
    starts_at: Annotated[datetime, Meta(examples=["2026-04-01T09:00:00Z"])]
    ends_at: datetime | None = None
    ad_sets: Annotated[list[AdSetIn], Meta(max_length=50)] = msgspec.field(default_factory=list)


class CampaignPatch(Input):
    """Anything left out stays; ``ends_at: null`` runs the campaign without an end (refused
    while an ad set has a lifetime budget and no end of its own). The objective changes only
    while the campaign is a draft; a launched campaign that started keeps its start."""

    name: Annotated[Name, Meta(examples=["Spring launch (extended)"])] | UnsetType = UNSET
    objective: ObjectiveName | UnsetType = UNSET
    starts_at: Annotated[datetime, Meta(examples=["2026-04-02T09:00:00Z"])] | UnsetType = UNSET
    ends_at: Annotated[datetime, Meta(examples=["2026-05-15T23:00:00Z"])] | UnsetType | None = UNSET


class BudgetChange(Input):
    ad_set_id: UUID
    budget: BudgetIO


class MoneyOut(msgspec.Struct):
    amount: str
    currency: str


class AdBudgetOut(msgspec.Struct):
    kind: str
    amount: str
    currency: str


class TargetingOut(msgspec.Struct):
    audience_ids: list[UUID]
    countries: list[str]
    age_min: int | None
    age_max: int | None
    genders: list[str]
    languages: list[str]
    interests: list[str]


class CreativeOut(msgspec.Struct):
    content_id: UUID
    content_version_id: UUID
    headline: str
    body: str
    link: str
    call_to_action: str | None
    media: list[dict[str, str]]


class AdOut(msgspec.Struct):
    id: UUID
    name: str
    status: str
    remote_id: str | None
    creative: CreativeOut


class AdSetOut(msgspec.Struct):
    id: UUID
    name: str
    budget: AdBudgetOut
    targeting: TargetingOut
    bid_strategy: str
    bid: MoneyOut | None
    placements: list[str]
    starts_at: datetime | None
    ends_at: datetime | None
    status: str
    remote_id: str | None
    ads: list[AdOut]


class CampaignOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    ad_account_id: UUID
    name: str
    objective: str
    currency: str
    starts_at: datetime
    ends_at: datetime | None
    status: str
    status_reason: str
    remote_id: str | None
    launched_at: datetime | None
    daily_ceiling: MoneyOut  # daily budgets + lifetime ones per day of their flight
    ad_sets: list[AdSetOut]
    version: int
    created_at: datetime
    updated_at: datetime


class CampaignList(msgspec.Struct):
    items: list[CampaignOut]
    next_cursor: str | None = None  # the next page's cursor; None on the last page


class AdSetPacingOut(msgspec.Struct):
    ad_set_id: UUID
    status: str
    state: str  # not_started, warming_up, on_pace, under_pace, over_pace, at_cap, ended
    planned: str
    actual: str
    ratio: str | None
    total: str | None
    remaining: str | None
    remaining_days: str | None
    required_daily: str | None
    recommended_daily: str | None  # the step the review loop would take
    pause: bool


class PacingOut(msgspec.Struct):
    campaign_id: UUID
    currency: str
    ad_sets: list[AdSetPacingOut]


def money_out(money: Money) -> MoneyOut:
    return MoneyOut(amount=str(money.amount), currency=money.currency)


def _ad_out(ad: Ad) -> AdOut:
    c = ad.creative
    return AdOut(
        id=ad.id,
        name=ad.name,
        status=ad.status.value,
        remote_id=ad.remote_id,
        creative=CreativeOut(
            content_id=c.content_id,
            content_version_id=c.content_version_id,
            headline=c.headline,
            body=c.body,
            link=c.link.value,
            call_to_action=c.call_to_action,
            media=[{"url": m.url.value, "kind": m.kind, "alt_text": m.alt_text} for m in c.media],
        ),
    )


def _ad_set_out(ad_set: AdSet) -> AdSetOut:
    t = ad_set.targeting
    return AdSetOut(
        id=ad_set.id,
        name=ad_set.name,
        budget=AdBudgetOut(
            kind=ad_set.budget.kind.value,
            amount=str(ad_set.budget.amount.amount),
            currency=ad_set.budget.currency,
        ),
        targeting=TargetingOut(
            audience_ids=list(t.audience_ids),
            countries=list(t.countries),
            age_min=t.age_min,
            age_max=t.age_max,
            genders=list(t.genders),
            languages=list(t.languages),
            interests=list(t.interests),
        ),
        bid_strategy=ad_set.bid_strategy.value,
        bid=None if ad_set.bid is None else money_out(ad_set.bid),
        placements=list(ad_set.placements),
        starts_at=ad_set.starts_at,
        ends_at=ad_set.ends_at,
        status=ad_set.status.value,
        remote_id=ad_set.remote_id,
        ads=[_ad_out(ad) for ad in ad_set.ads],
    )


def campaign_out(campaign: Campaign) -> CampaignOut:
    return CampaignOut(
        id=campaign.id,
        brand_id=campaign.brand_id,
        ad_account_id=campaign.ad_account_id,
        name=campaign.name,
        objective=campaign.objective.value,
        currency=campaign.currency,
        starts_at=campaign.starts_at,
        ends_at=campaign.ends_at,
        status=campaign.status.value,
        status_reason=campaign.status_reason,
        remote_id=campaign.remote_id,
        launched_at=campaign.launched_at,
        daily_ceiling=money_out(campaign.daily_ceiling()),
        ad_sets=[_ad_set_out(s) for s in campaign.ad_sets],
        version=campaign.version,
        created_at=campaign.created_at,
        updated_at=campaign.updated_at,
    )
