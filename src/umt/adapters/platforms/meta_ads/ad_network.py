"""Meta Ads as an ``AdNetwork``: campaign → ad set → ad creative + ad, through the Marketing API.

- ``POST /act_{id}/campaigns``: ``name`` (ours, ending in ``[umt:<reference>]``), ``objective``
  (an ``OUTCOME_*`` objective), ``status=PAUSED``, ``special_ad_categories=[]``,
  ``is_adset_budget_sharing_enabled=false`` (the budgets live on the ad sets).
- ``POST /act_{id}/adsets``: ``campaign_id``, ``daily_budget`` or ``lifetime_budget`` as an
  integer of the account currency's minor unit, ``start_time`` / ``end_time`` (the ad set's
  own dates, else its campaign's: Meta keeps the flight on the ad set, and requires
  ``end_time`` with a ``lifetime_budget``),
  ``billing_event=IMPRESSIONS``, ``optimization_goal`` from the campaign's objective,
  ``bid_strategy`` (+ ``bid_amount`` in minor units), ``targeting`` (``geo_locations``,
  ``age_min``/``age_max``, ``genders`` 1 male / 2 female, ``publisher_platforms`` for
  placements, interests resolved through ``GET /search?type=adinterest``), ``status=PAUSED``.
  Meta targets languages by its own locale ids; umt does not send them (Meta advises leaving
  languages empty unless they differ from the locations' common language).
- ``POST /act_{id}/adcreatives`` (``object_story_spec.link_data`` on the account's Page), then
  ``POST /act_{id}/ads`` with ``creative={"creative_id"}``, ``status=PAUSED``.
- ``POST /{id}`` ``status`` / ``daily_budget``; a campaign renamed with ``POST /{campaign id}``
  ``name``, moved with ``POST /{ad set id}`` ``start_time`` / ``end_time`` on each ad set that
  follows the campaign's flight (Meta keeps the dates on the ad sets; ``end_time=0`` runs one
  on without an end); ``GET /{id}?fields=``; find by reference with
  ``GET /act_{id}/{campaigns|adsets|ads}?filtering=[{"field":"name","operator":"CONTAIN",...}]``.
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from umt.adapters.platforms.ad_references import name_with_reference, reference_in, reference_token
from umt.adapters.platforms.meta_ads.marketing import (
    PLATFORM,
    AccountFacts,
    MarketingApi,
    account_path,
    in_account_currency,
)
from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.levels import AdLevel, BidStrategy, DeliveryStatus, Objective
from umt.domain.integration.errors import PlatformRejected
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.money import Money
from umt.ports.ad_network import (
    AdNetwork,
    AdSetSpec,
    AdSpec,
    CampaignSpec,
    CampaignUpdate,
    RemoteAdObject,
    Targeting,
)
from umt.ports.channel_target import ChannelTarget
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import MediaKind

log = logging.getLogger(__name__)

OBJECTIVES = {
    Objective.AWARENESS: "OUTCOME_AWARENESS",
    Objective.TRAFFIC: "OUTCOME_TRAFFIC",
    Objective.ENGAGEMENT: "OUTCOME_ENGAGEMENT",
    Objective.LEADS: "OUTCOME_LEADS",
    Objective.SALES: "OUTCOME_SALES",
}
# optimization goal of an ad set by its campaign's objective; with a pixel (the target's
# ``pixel_id`` detail) leads and sales optimise for the pixel's conversions
GOALS = {
    "OUTCOME_AWARENESS": "REACH",
    "OUTCOME_TRAFFIC": "LINK_CLICKS",
    "OUTCOME_ENGAGEMENT": "POST_ENGAGEMENT",
    "OUTCOME_LEADS": "LINK_CLICKS",
    "OUTCOME_SALES": "LINK_CLICKS",
}
PIXEL_EVENTS = {"OUTCOME_LEADS": "LEAD", "OUTCOME_SALES": "PURCHASE"}
BID_STRATEGIES = {
    BidStrategy.LOWEST_COST: "LOWEST_COST_WITHOUT_CAP",
    BidStrategy.BID_CAP: "LOWEST_COST_WITH_BID_CAP",
    BidStrategy.COST_CAP: "COST_CAP",
    BidStrategy.TARGET_CPA: "COST_CAP",  # Meta's cost cap is its target cost per result
}
GENDERS = {"male": 1, "female": 2}
STATUSES = {
    "ACTIVE": DeliveryStatus.ACTIVE,
    "PAUSED": DeliveryStatus.PAUSED,
    "ARCHIVED": DeliveryStatus.ARCHIVED,
    "DELETED": DeliveryStatus.DELETED,
}
EDGES = {AdLevel.CAMPAIGN: "campaigns", AdLevel.AD_SET: "adsets", AdLevel.AD: "ads"}
FIELDS = {
    AdLevel.CAMPAIGN: "id,name,status,objective",
    AdLevel.AD_SET: "id,name,status,campaign_id,daily_budget,lifetime_budget",
    AdLevel.AD: "id,name,status,adset_id",
}


DAILY_MIN_SPAN = timedelta(hours=24)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _budget(entry: dict[str, Any], currency: str) -> Budget | None:
    for kind, key in ((BudgetKind.DAILY, "daily_budget"), (BudgetKind.LIFETIME, "lifetime_budget")):
        raw = str(entry.get(key) or "0")
        if raw.isdigit() and int(raw) > 0:
            return Budget(kind, Money.from_minor(int(raw), currency))
    return None


def remote_object(level: AdLevel, entry: dict[str, Any], currency: str) -> RemoteAdObject:
    name = str(entry.get("name", ""))
    parent = entry.get("campaign_id") if level is AdLevel.AD_SET else entry.get("adset_id")
    return RemoteAdObject(
        level=level,
        remote_id=str(entry.get("id", "")),
        name=name,
        status=STATUSES.get(str(entry.get("status", "")).upper(), DeliveryStatus.PAUSED),
        budget=_budget(entry, currency) if level is AdLevel.AD_SET else None,
        reference=reference_in(name),
        parent_remote_id=str(parent) if parent else None,
    )


class MetaAdNetwork(AdNetwork):
    """The ``AdNetwork`` half of ``MetaAdsConnector`` (mixed in; uses its ``_marketing``)."""

    _marketing: MarketingApi

    async def create_campaign(
        self, target: ChannelTarget, credentials: Credentials, spec: CampaignSpec
    ) -> RemoteAdObject:
        name = name_with_reference(spec.name, spec.reference)
        remote_id = await self._marketing.created_id(
            f"{account_path(target)}/campaigns",
            credentials,
            {
                "name": name,
                "objective": OBJECTIVES[spec.objective],
                "status": "PAUSED",
                "special_ad_categories": [],
                "is_adset_budget_sharing_enabled": False,
                "buying_type": "AUCTION",
            },
        )
        return RemoteAdObject(
            level=AdLevel.CAMPAIGN,
            remote_id=remote_id,
            name=name,
            status=DeliveryStatus.PAUSED,
            reference=spec.reference,
        )

    async def create_ad_set(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        campaign_remote_id: str,
        spec: AdSetSpec,
    ) -> RemoteAdObject:
        facts = await self._marketing.account_facts(target, credentials)
        budget_minor = in_account_currency(spec.budget.amount, facts, field="budget.currency")
        # Meta keeps the dates on the ad set: one that follows its campaign gets the
        # campaign's (and Meta requires end_time with a lifetime_budget)
        starts_at, ends_at = spec.flight
        if spec.budget.kind is BudgetKind.LIFETIME and ends_at is None:
            raise InvalidValue(
                "a lifetime budget needs an end time (the ad set's or its campaign's)",
                field="ends_at",
            )
        # Meta: daily_budget is "allowed only for ad sets with a duration (difference between
        # end_time and start_time) longer than 24 hours" (planning checks it first)
        span = ends_at - starts_at if ends_at is not None and starts_at is not None else None
        if spec.budget.kind is BudgetKind.DAILY and span is not None and span <= DAILY_MIN_SPAN:
            raise InvalidValue(
                "a daily budget needs a flight longer than 24 hours on Meta", field="ends_at"
            )
        campaign = await self._marketing.read(
            campaign_remote_id, credentials, {"fields": "objective"}
        )
        objective = str(campaign.get("objective", "OUTCOME_TRAFFIC"))
        fields: dict[str, object] = {
            "name": name_with_reference(spec.name, spec.reference),
            "campaign_id": campaign_remote_id,
            "status": "PAUSED",
            "billing_event": "IMPRESSIONS",
            "optimization_goal": GOALS.get(objective, "LINK_CLICKS"),
            "targeting": await self._targeting(spec.targeting, spec.placements, credentials),
            "start_time": _time(starts_at),
            "end_time": _time(ends_at),
            **self._bidding(spec, facts),
        }
        pixel = target.details.get("pixel_id")
        if pixel and objective in PIXEL_EVENTS:
            fields["optimization_goal"] = "OFFSITE_CONVERSIONS"
            fields["promoted_object"] = {
                "pixel_id": pixel,
                "custom_event_type": PIXEL_EVENTS[objective],
            }
        key = "daily_budget" if spec.budget.kind is BudgetKind.DAILY else "lifetime_budget"
        fields[key] = budget_minor
        remote_id = await self._marketing.created_id(
            f"{account_path(target)}/adsets", credentials, fields
        )
        return RemoteAdObject(
            level=AdLevel.AD_SET,
            remote_id=remote_id,
            name=str(fields["name"]),
            status=DeliveryStatus.PAUSED,
            budget=spec.budget,
            reference=spec.reference,
            parent_remote_id=campaign_remote_id,
        )

    @staticmethod
    def _bidding(spec: AdSetSpec, facts: AccountFacts) -> dict[str, object]:
        if spec.bid_strategy is BidStrategy.TARGET_ROAS:
            raise InvalidValue(
                "Meta's ROAS goal is a ratio (bid_constraints), not an amount: "
                "choose another bid strategy for Meta",
                field="bid_strategy",
            )
        strategy = BID_STRATEGIES[spec.bid_strategy]
        if strategy == "LOWEST_COST_WITHOUT_CAP":
            return {"bid_strategy": strategy}
        if spec.bid is None:
            raise InvalidValue(f"the {spec.bid_strategy} strategy needs a bid", field="bid")
        return {
            "bid_strategy": strategy,
            "bid_amount": in_account_currency(spec.bid, facts, field="bid.currency"),
        }

    async def _targeting(
        self, targeting: Targeting, placements: tuple[str, ...], credentials: Credentials
    ) -> dict[str, object]:
        spec: dict[str, object] = {}
        if targeting.countries:
            spec["geo_locations"] = {"countries": [c.upper() for c in targeting.countries]}
        if targeting.age_min is not None:
            spec["age_min"] = targeting.age_min
        if targeting.age_max is not None:
            spec["age_max"] = targeting.age_max
        if targeting.genders:
            unknown = [g for g in targeting.genders if g.lower() not in GENDERS]
            if unknown:
                raise InvalidValue(f"unknown genders {unknown}", field="targeting.genders")
            spec["genders"] = sorted({GENDERS[g.lower()] for g in targeting.genders})
        if placements:
            spec["publisher_platforms"] = builtins.list(placements)
        if targeting.interests:
            spec["flexible_spec"] = [
                {"interests": [await self._interest(i, credentials) for i in targeting.interests]}
            ]
        if targeting.languages:
            log.info("meta_ads: languages are not targeted (Meta locale ids)")
        return spec

    async def _interest(self, interest: str, credentials: Credentials) -> dict[str, str]:
        """An interest's id from Meta's targeting search (``GET /search?type=adinterest``);
        an interest Meta does not know is refused rather than silently widening the audience."""
        body = await self._marketing.read(
            "search", credentials, {"type": "adinterest", "q": interest, "limit": "1"}
        )
        for entry in body.get("data") or ():
            if isinstance(entry, dict) and entry.get("id"):
                return {"id": str(entry["id"]), "name": str(entry.get("name", interest))}
        raise PlatformRejected(
            f"{PLATFORM}: Meta knows no interest {interest!r}", platform=PLATFORM
        )

    async def create_ad(
        self, target: ChannelTarget, credentials: Credentials, ad_set_remote_id: str, spec: AdSpec
    ) -> RemoteAdObject:
        account = account_path(target)
        creative = spec.creative
        link_data: dict[str, object] = {
            "link": creative.link,
            "message": creative.body,
            "name": creative.headline,
        }
        image = next((m for m in creative.media if m.kind is MediaKind.IMAGE), None)
        if image is not None:
            link_data["picture"] = image.url
        if creative.call_to_action:
            link_data["call_to_action"] = {
                "type": creative.call_to_action.strip().upper().replace(" ", "_"),
                "value": {"link": creative.link},
            }
        creative_id = await self._marketing.created_id(
            f"{account}/adcreatives",
            credentials,
            {
                "name": name_with_reference(f"{spec.name} creative", spec.reference),
                "object_story_spec": {
                    "page_id": await self._page_id(target, credentials),
                    "link_data": link_data,
                },
            },
        )
        name = name_with_reference(spec.name, spec.reference)
        remote_id = await self._marketing.created_id(
            f"{account}/ads",
            credentials,
            {
                "name": name,
                "adset_id": ad_set_remote_id,
                "creative": {"creative_id": creative_id},
                "status": "PAUSED",
            },
        )
        return RemoteAdObject(
            level=AdLevel.AD,
            remote_id=remote_id,
            name=name,
            status=DeliveryStatus.PAUSED,
            reference=spec.reference,
            parent_remote_id=ad_set_remote_id,
        )

    async def _page_id(self, target: ChannelTarget, credentials: Credentials) -> str:
        """The Page the ads speak as: the target's ``page_id`` detail, else the account's first
        promotable Page (``GET /act_{id}/promote_pages``)."""
        if target.details.get("page_id"):
            return target.details["page_id"]
        body = await self._marketing.read(
            f"{account_path(target)}/promote_pages", credentials, {"fields": "id,name"}
        )
        for entry in body.get("data") or ():
            if isinstance(entry, dict) and entry.get("id"):
                return str(entry["id"])
        raise PlatformRejected(
            f"{PLATFORM}: the ad account has no Page to run ads as", platform=PLATFORM
        )

    async def set_status(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        remote_id: str,
        status: DeliveryStatus,
    ) -> None:
        await self._marketing.write(remote_id, credentials, {"status": status.value.upper()})

    async def set_budget(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, budget: Budget
    ) -> None:
        facts = await self._marketing.account_facts(target, credentials)
        minor = in_account_currency(budget.amount, facts, field="budget.currency")
        current = await self.get(target, credentials, AdLevel.AD_SET, remote_id)
        if current is None:
            raise PlatformRejected(f"{PLATFORM}: ad set {remote_id} not found", platform=PLATFORM)
        if current.budget is not None and current.budget.kind is not budget.kind:
            raise InvalidValue(
                f"the ad set has a {current.budget.kind} budget; it cannot become {budget.kind}",
                field="budget.kind",
            )
        key = "daily_budget" if budget.kind is BudgetKind.DAILY else "lifetime_budget"
        await self._marketing.write(remote_id, credentials, {key: minor})

    async def update_campaign(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        remote_id: str,
        update: CampaignUpdate,
    ) -> None:
        """The campaign's name, then the dates of the ad sets that follow its flight."""
        if update.name is not None:
            name = name_with_reference(update.name, update.reference)
            await self._marketing.write(remote_id, credentials, {"name": name})
        dates: dict[str, object] = {}
        if update.starts_at is not None:
            dates["start_time"] = _time(update.starts_at)
        if update.drop_end:
            dates["end_time"] = 0
        elif update.ends_at is not None:
            dates["end_time"] = _time(update.ends_at)
        if dates:
            for ad_set_id in update.follower_ad_sets:
                await self._marketing.write(ad_set_id, credentials, dates)

    async def get(
        self, target: ChannelTarget, credentials: Credentials, level: AdLevel, remote_id: str
    ) -> RemoteAdObject | None:
        facts = await self._marketing.account_facts(target, credentials)
        try:
            entry = await self._marketing.read(remote_id, credentials, {"fields": FIELDS[level]})
        except PlatformRejected as exc:
            if exc.status == 404 or "does not exist" in exc.message:
                return None
            raise
        return remote_object(level, entry, facts.currency) if entry.get("id") else None

    async def find(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        reference: str,
    ) -> RemoteAdObject | None:
        facts = await self._marketing.account_facts(target, credentials)
        token = reference_token(reference)
        entries = await self._marketing.every(
            f"{account_path(target)}/{EDGES[level]}",
            credentials,
            {
                "fields": FIELDS[level],
                "filtering": [{"field": "name", "operator": "CONTAIN", "value": token}],
            },
        )
        found = [
            remote_object(level, e, facts.currency)
            for e in entries
            if reference_in(e.get("name")) == reference
            and str(e.get("status", "")).upper() != "DELETED"
        ]
        return found[0] if found else None

    async def list(
        self,
        target: ChannelTarget,
        credentials: Credentials,
        level: AdLevel,
        *,
        parent_remote_id: str | None = None,
    ) -> Sequence[RemoteAdObject]:
        facts = await self._marketing.account_facts(target, credentials)
        parent = parent_remote_id if parent_remote_id and level is not AdLevel.CAMPAIGN else None
        path = f"{parent or account_path(target)}/{EDGES[level]}"
        entries = await self._marketing.every(path, credentials, {"fields": FIELDS[level]})
        return [remote_object(level, e, facts.currency) for e in entries]
