"""The campaign report: per campaign of the brand, spend, impressions, clicks, conversions
and conversion value from the ad metrics, with CTR, ROAS (conversion value / spend), CPA
(spend / conversions) and ROI ((conversion value - spend) / spend), beside the previous
period; most spend first. A ratio over zero is None, never an error.

Platforms report ads, ad sets and campaigns at once (the same spend three times) or only
ads: each campaign is read at the coarsest level that has buckets in either period, its ad
sets' and ads' buckets added up to it through the campaign's tree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from uuid import UUID

from umt.application.analytics.reports.scope import (
    Scope,
    Table,
    added,
    descending,
    read_totals,
    table,
)
from umt.application.analytics.reports.views import ReportRow, compared, ratio
from umt.domain.advertising.campaign import Campaign
from umt.domain.analytics.rollups import ZERO
from umt.domain.shared.metrics import MONEY_METRICS, Metric, SubjectKind
from umt.ports.ad_performance import AD_METRICS
from umt.ports.campaign_repository import CampaignFilter
from umt.ports.rollup_totals import SubjectTotal
from umt.ports.unit_of_work import UnitOfWork

LEVELS = (SubjectKind.CAMPAIGN, SubjectKind.AD_SET, SubjectKind.AD)  # coarsest first
FIGURES = [*(m.value for m in AD_METRICS), "ctr", "roas", "cpa", "roi"]
DIMENSIONS = ["campaign_id", "name", "currency"]
Sums = dict[UUID, dict[Metric, Decimal]]


def ad_figures(values: dict[Metric, Decimal], *, money: bool = True) -> dict[str, Decimal | None]:
    """The ad metrics and their ratios; ``money`` False leaves the money ones out (totals
    across currencies)."""
    found: dict[str, Decimal | None] = {m.value: values.get(m, ZERO) for m in AD_METRICS}
    spend, value = values.get(Metric.SPEND, ZERO), values.get(Metric.CONVERSION_VALUE, ZERO)
    found["ctr"] = ratio(values.get(Metric.CLICKS, ZERO), values.get(Metric.IMPRESSIONS, ZERO))
    found["roas"] = ratio(value, spend)
    found["cpa"] = ratio(spend, values.get(Metric.CONVERSIONS, ZERO))
    found["roi"] = ratio(value - spend, spend)
    if not money:
        for name in (*(m.value for m in MONEY_METRICS), "roas", "cpa", "roi"):
            found[name] = None
    return found


def _owners(campaigns: list[Campaign]) -> dict[tuple[SubjectKind, UUID], UUID]:
    """Each ad set and ad (and campaign) of the brand's campaigns, to its campaign."""
    owner: dict[tuple[SubjectKind, UUID], UUID] = {}
    for campaign in campaigns:
        owner[(SubjectKind.CAMPAIGN, campaign.id)] = campaign.id
        for ad_set in campaign.ad_sets:
            owner[(SubjectKind.AD_SET, ad_set.id)] = campaign.id
            for ad in ad_set.ads:
                owner[(SubjectKind.AD, ad.id)] = campaign.id
    return owner


def _campaign_of(item: SubjectTotal, owner: dict[tuple[SubjectKind, UUID], UUID]) -> UUID | None:
    found = owner.get((item.subject_kind, item.subject_id))
    if found is None and item.subject_kind is SubjectKind.CAMPAIGN:
        return item.subject_id  # a campaign made outside umt: its own row
    return found


async def campaigns_table(uow: UnitOfWork, scope: Scope, limit: int) -> Table:
    campaigns = list(
        await uow.campaigns.list(scope.organization_id, CampaignFilter(brand_id=scope.brand_id))
    )
    owner = _owners(campaigns)
    current = await read_totals(uow, scope, scope.period, LEVELS, AD_METRICS)
    before = await read_totals(uow, scope, scope.previous, LEVELS, AD_METRICS)
    level: dict[UUID, int] = {}
    currency: dict[UUID, str] = {c.id: c.currency for c in campaigns}
    for item in (*current, *before):
        campaign = _campaign_of(item, owner)
        if campaign is not None:
            rank = LEVELS.index(item.subject_kind)
            level[campaign] = min(rank, level.get(campaign, rank))
            if item.currency is not None:
                currency.setdefault(campaign, item.currency)

    def sums(totals: Sequence[SubjectTotal]) -> Sums:
        found: defaultdict[UUID, defaultdict[Metric, Decimal]] = defaultdict(
            lambda: defaultdict(Decimal)
        )
        for item in totals:
            campaign = _campaign_of(item, owner)
            if campaign is None or LEVELS.index(item.subject_kind) != level[campaign]:
                continue
            if item.metric in MONEY_METRICS and item.currency != currency.get(campaign):
                continue  # another currency than the campaign's account: never added
            found[campaign][item.metric] += item.value
        return {k: dict(v) for k, v in found.items()}

    now, then = sums(current), sums(before)
    names: dict[UUID, str] = {c.id: c.name for c in campaigns}
    rows = [
        ReportRow(
            labels={
                "campaign_id": str(campaign),
                "name": names.get(campaign),
                "currency": currency.get(campaign),
            },
            figures=compared(
                ad_figures(now.get(campaign, {})), ad_figures(then.get(campaign, {})), FIGURES
            ),
        )
        for campaign in level
    ]
    rows.sort(key=descending("spend"))
    one_currency = len({currency.get(c) for c in level}) <= 1
    totals = compared(
        ad_figures(added(now.values()), money=one_currency),
        ad_figures(added(then.values()), money=one_currency),
        FIGURES,
    )
    return table(
        DIMENSIONS,
        FIGURES,
        rows,
        totals,
        limit=limit,
        notes=[
            "ROAS = conversion value / spend, CPA = spend / conversions, "
            "ROI = (conversion value - spend) / spend; empty where the divisor is zero",
            "money totals only when every campaign spends in one currency",
        ],
    )
