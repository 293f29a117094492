"""What the library facade hands out about campaigns and rules: frozen views, never the
aggregates (money as ``Money``, exact; evaluations and pacing are frozen already)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.campaign import Campaign
from umt.domain.advertising.rule import AdRule
from umt.domain.advertising.tree import Ad, AdSet
from umt.domain.shared.money import Money


@dataclass(frozen=True, slots=True, kw_only=True)
class AdView:
    id: UUID
    name: str
    status: str
    remote_id: str | None
    content_id: UUID
    content_version_id: UUID
    headline: str
    link: str

    @classmethod
    def of(cls, ad: Ad) -> AdView:
        return cls(
            id=ad.id,
            name=ad.name,
            status=ad.status.value,
            remote_id=ad.remote_id,
            content_id=ad.creative.content_id,
            content_version_id=ad.creative.content_version_id,
            headline=ad.creative.headline,
            link=ad.creative.link.value,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSetView:
    id: UUID
    name: str
    budget_kind: str
    budget: Money
    countries: tuple[str, ...]
    bid_strategy: str
    status: str
    remote_id: str | None
    ads: tuple[AdView, ...]

    @classmethod
    def of(cls, ad_set: AdSet) -> AdSetView:
        return cls(
            id=ad_set.id,
            name=ad_set.name,
            budget_kind=ad_set.budget.kind.value,
            budget=ad_set.budget.amount,
            countries=ad_set.targeting.countries,
            bid_strategy=ad_set.bid_strategy.value,
            status=ad_set.status.value,
            remote_id=ad_set.remote_id,
            ads=tuple(AdView.of(ad) for ad in ad_set.ads),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignView:
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
    daily_ceiling: Money
    ad_sets: tuple[AdSetView, ...]
    version: int

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignView:
        return cls(
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
            daily_ceiling=campaign.daily_ceiling(),
            ad_sets=tuple(AdSetView.of(s) for s in campaign.ad_sets),
            version=campaign.version,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AdRuleView:
    id: UUID
    campaign_id: UUID
    name: str
    level: str
    action: str
    metric: str | None
    comparison: str | None
    threshold: Decimal | None
    window: timedelta | None
    cooldown: timedelta
    max_actions_per_day: int
    dry_run: bool
    enabled: bool
    experiment_id: UUID | None
    version: int

    @classmethod
    def of(cls, rule: AdRule) -> AdRuleView:
        c = rule.condition
        return cls(
            id=rule.id,
            campaign_id=rule.campaign_id,
            name=rule.name,
            level=rule.level.value,
            action=rule.action.value,
            metric=None if c is None else c.metric.value,
            comparison=None if c is None else c.comparison.value,
            threshold=None if c is None else c.threshold,
            window=None if c is None else c.window,
            cooldown=rule.cooldown,
            max_actions_per_day=rule.max_actions_per_day,
            dry_run=rule.dry_run,
            enabled=rule.enabled,
            experiment_id=rule.experiment_id,
            version=rule.version,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetCapView:
    """A budget cap: ``brand_id`` None is the organization's; ``daily`` and ``lifetime`` (in
    ``currency``) None where it has no maximum of that kind."""

    organization_id: UUID
    brand_id: UUID | None
    currency: str
    daily: Money | None
    lifetime: Money | None
    updated_at: datetime

    @classmethod
    def of(cls, cap: BudgetCap) -> BudgetCapView:
        return cls(
            organization_id=cap.organization_id,
            brand_id=cap.brand_id,
            currency=cap.currency,
            daily=cap.daily,
            lifetime=cap.lifetime,
            updated_at=cap.updated_at,
        )
