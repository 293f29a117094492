"""The sandbox's ad network API: campaigns → ad sets → ads, like Meta's Marketing API.

Everything is created PAUSED; ``set_status`` moves an object between PAUSED and ACTIVE (and
on to ARCHIVED, then DELETED, which are final). Budgets live on the ad set, daily or lifetime,
in the ad account's currency's minor unit; another currency is refused. Each object may carry
the client's reference (kept and searchable, never unique). Spend and results come from
``delivery.py``. Every call takes an access token with the ``ads`` scope (reads: ``ads`` or
``analytics``) and passes the network's faults, like the rest of the API.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

import msgspec

from umt.adapters.platforms.sandbox import engagement as model
from umt.adapters.platforms.sandbox.delivery import (
    CONVERSION_VALUE,
    AdRun,
    Delivered,
    Delivery,
    DeliveryPlan,
    active_spans,
    deliver,
    intersect,
)
from umt.adapters.platforms.sandbox.errors import InvalidRequest, NotFound, Rejected
from umt.adapters.platforms.sandbox.records import (
    AdCampaign,
    AdSet,
    BudgetChange,
    CampaignAd,
    SandboxAccount,
    StatusChange,
)
from umt.domain.advertising.levels import BidStrategy, DeliveryStatus, Objective
from umt.domain.shared.money import minor_units

if TYPE_CHECKING:
    from umt.adapters.platforms.sandbox.network import SandboxNetwork

KIND = {"campaign": "ad_campaign", "ad_set": "ad_set", "ad": "campaign_ad"}
MAX_NAME = 400
MAX_BUDGET_MINOR = 10**12
MAX_BID_MINOR = 100_000  # a CPM cap, like the simple ads' bid
FINAL = {DeliveryStatus.DELETED.value}
AdObject = AdCampaign | AdSet | CampaignAd
Obj = TypeVar("Obj", AdCampaign, AdSet, CampaignAd)
_TYPE: dict[str, type[AdObject]] = {
    "campaign": AdCampaign,
    "ad_set": AdSet,
    "ad": CampaignAd,
}


def _name(name: str) -> str:
    if not name.strip() or len(name) > MAX_NAME or not name.isprintable():
        raise InvalidRequest(f"a name has 1 to {MAX_NAME} printable characters")
    return name


def _dates(starts_at: datetime | None, ends_at: datetime | None) -> None:
    for at in (starts_at, ends_at):
        if at is not None and at.tzinfo is None:
            raise InvalidRequest("dates must be timezone-aware")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise InvalidRequest("ends_at must be after starts_at")


def _level(level: str) -> str:
    if level not in KIND:
        raise InvalidRequest(f"unknown level {level!r}")
    return level


class SandboxAdTree:
    def __init__(self, network: SandboxNetwork) -> None:
        self._network = network

    # -- creating ------------------------------------------------------------------------

    async def create_campaign(
        self,
        access_token: str,
        *,
        name: str,
        objective: str,
        reference: str | None = None,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
    ) -> AdCampaign:
        account = await self._account(access_token, "ads")
        if objective not in set(Objective):
            raise InvalidRequest(f"unknown objective {objective!r}")
        _dates(starts_at, ends_at)
        now = self._network.clock.now()
        campaign = AdCampaign(
            id=f"cmpgn_{await self._network.store.next_id('ad_campaign')}",
            account_id=account.id,
            name=_name(name),
            reference=reference,
            objective=objective,
            created_at=now,
            statuses=[StatusChange(now, DeliveryStatus.PAUSED.value)],
            starts_at=starts_at,
            ends_at=ends_at,
        )
        return await self._created("campaign", campaign)

    async def create_ad_set(
        self,
        access_token: str,
        *,
        campaign_id: str,
        name: str,
        budget_kind: str,
        budget_minor: int,
        currency: str,
        reference: str | None = None,
        bid_strategy: str = BidStrategy.LOWEST_COST.value,
        bid_minor: int | None = None,
        countries: Sequence[str] = (),
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
    ) -> AdSet:
        account = await self._account(access_token, "ads")
        campaign = await self._owned("campaign", campaign_id, account.id, AdCampaign)
        if campaign.statuses[-1].status in FINAL:
            raise Rejected("the campaign is deleted")
        _dates(starts_at, ends_at)
        self._check_budget(account, budget_kind, budget_minor, currency)
        if budget_kind == "lifetime" and (ends_at or campaign.ends_at) is None:
            raise InvalidRequest("a lifetime budget needs an end date")
        if bid_strategy not in set(BidStrategy):
            raise InvalidRequest(f"unknown bid strategy {bid_strategy!r}")
        if bid_minor is not None and not 1 <= bid_minor <= MAX_BID_MINOR:
            raise InvalidRequest(f"a bid is 1 to {MAX_BID_MINOR} minor units (CPM)")
        now = self._network.clock.now()
        ad_set = AdSet(
            id=f"adset_{await self._network.store.next_id('ad_set')}",
            account_id=account.id,
            campaign_id=campaign.id,
            name=_name(name),
            reference=reference,
            currency=account.currency,
            budget_kind=budget_kind,
            budgets=[BudgetChange(now, budget_minor)],
            bid_strategy=bid_strategy,
            bid_minor=bid_minor,
            countries=[c.upper() for c in countries],
            created_at=now,
            statuses=[StatusChange(now, DeliveryStatus.PAUSED.value)],
            starts_at=starts_at,
            ends_at=ends_at,
        )
        return await self._created("ad_set", ad_set)

    async def create_ad(
        self,
        access_token: str,
        *,
        ad_set_id: str,
        name: str,
        headline: str,
        body: str,
        link: str,
        reference: str | None = None,
        image_refs: Sequence[str] = (),
        video_refs: Sequence[str] = (),
    ) -> CampaignAd:
        account = await self._account(access_token, "ads")
        ad_set = await self._owned("ad_set", ad_set_id, account.id, AdSet)
        if ad_set.statuses[-1].status in FINAL:
            raise Rejected("the ad set is deleted")
        if not headline.strip() or not body.strip() or len(headline) + len(body) > 10_000:
            raise InvalidRequest("an ad has a headline and a body (10000 characters at most)")
        if not link.startswith(("https://", "http://")) or len(link) > 2000:
            raise InvalidRequest("an ad links to an http(s) URL of at most 2000 characters")
        if len(image_refs) + len(video_refs) > 10:
            raise InvalidRequest("an ad has at most 10 media")
        now = self._network.clock.now()
        ad = CampaignAd(
            id=f"adu_{await self._network.store.next_id('campaign_ad')}",
            account_id=account.id,
            ad_set_id=ad_set.id,
            name=_name(name),
            reference=reference,
            headline=headline,
            body=body,
            link=link,
            image_refs=list(image_refs),
            video_refs=list(video_refs),
            created_at=now,
            statuses=[StatusChange(now, DeliveryStatus.PAUSED.value)],
        )
        return await self._created("ad", ad)

    # -- steering ------------------------------------------------------------------------

    async def set_status(self, access_token: str, level: str, object_id: str, status: str) -> None:
        """PAUSED ↔ ACTIVE; ARCHIVED stops for good (only DELETED may follow); DELETED is
        final. Setting the current status again changes nothing."""
        account = await self._account(access_token, "ads")
        found = await self._any(_level(level), object_id, account.id)
        if status not in set(DeliveryStatus):
            raise InvalidRequest(f"unknown status {status!r}")
        current = found.statuses[-1].status
        if current != status:
            if current in FINAL or (current == "archived" and status != "deleted"):
                raise Rejected(f"a {current} object cannot become {status}")
            history = [*found.statuses, StatusChange(self._network.clock.now(), status)]
            await self._store(level, msgspec.structs.replace(found, statuses=history))
        self._network.faults.after_effect()

    async def update_campaign(
        self,
        access_token: str,
        campaign_id: str,
        *,
        name: str | None = None,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
        drop_end: bool = False,
    ) -> None:
        """Rename or move a campaign (None keeps a field). A campaign that started keeps its
        start; an end must lie ahead; an ad set with a lifetime budget keeps an end."""
        account = await self._account(access_token, "ads")
        campaign = await self._owned("campaign", campaign_id, account.id, AdCampaign)
        now = self._network.clock.now()
        start = starts_at or campaign.starts_at
        end = None if drop_end else (ends_at or campaign.ends_at)
        _dates(start, end)
        started = campaign.starts_at is not None and campaign.starts_at <= now
        if starts_at is not None and starts_at != campaign.starts_at and started:
            raise Rejected("the campaign has started; its start cannot move")
        if end is not None and end != campaign.ends_at and end <= now:
            raise InvalidRequest("ends_at must lie in the future")
        if end is None:
            for ad_set in await self._all("ad_set", account.id, campaign.id):
                if (
                    isinstance(ad_set, AdSet)
                    and ad_set.budget_kind == "lifetime"
                    and (ad_set.ends_at is None)
                ):
                    raise Rejected("an ad set with a lifetime budget needs an end")
        changed = msgspec.structs.replace(
            campaign,
            name=campaign.name if name is None else _name(name),
            starts_at=start,
            ends_at=end,
        )
        await self._store("campaign", changed)
        self._network.faults.after_effect()

    async def set_budget(
        self,
        access_token: str,
        ad_set_id: str,
        *,
        budget_kind: str,
        budget_minor: int,
        currency: str,
    ) -> None:
        """A new amount for the ad set's budget, from now on; its kind stays as created, and
        a lifetime budget cannot go below what the ad set has already spent."""
        account = await self._account(access_token, "ads")
        ad_set = await self._owned("ad_set", ad_set_id, account.id, AdSet)
        self._check_budget(account, budget_kind, budget_minor, currency)
        if budget_kind != ad_set.budget_kind:
            raise InvalidRequest(f"the ad set has a {ad_set.budget_kind} budget")
        now = self._network.clock.now()
        if budget_minor < (await self._deliver(account, ad_set, now)).total.spend_minor and (
            budget_kind == "lifetime"
        ):
            raise Rejected("a lifetime budget cannot go below what the ad set has spent")
        budgets = [*ad_set.budgets, BudgetChange(now, budget_minor)]
        await self._store("ad_set", msgspec.structs.replace(ad_set, budgets=budgets))
        self._network.faults.after_effect()

    # -- reading -------------------------------------------------------------------------

    async def get(self, access_token: str, level: str, object_id: str) -> AdObject:
        account = await self._account(access_token, "ads", "analytics")
        return await self._any(_level(level), object_id, account.id)

    async def find(self, access_token: str, level: str, reference: str) -> list[AdObject]:
        """The account's objects of ``level`` carrying ``reference``, oldest first."""
        account = await self._account(access_token, "ads", "analytics")
        kind = KIND[_level(level)]
        found = [
            msgspec.json.decode(raw, type=_TYPE[level])
            for raw in await self._network.store.tagged(kind, reference)
        ]
        return [obj for obj in found if obj.account_id == account.id]

    async def list_objects(
        self, access_token: str, level: str, *, parent_id: str | None = None
    ) -> list[AdObject]:
        """The account's objects of ``level`` (of one campaign or ad set), oldest first."""
        account = await self._account(access_token, "ads", "analytics")
        return await self._all(_level(level), account.id, parent_id)

    async def delivery(
        self, access_token: str, ad_set_id: str, *, at: datetime | None = None
    ) -> Delivery:
        """What the ad set delivered up to ``at`` (default: now): cumulative totals."""
        return (await self.deliveries(access_token, ad_set_id, at=at)).total

    async def deliveries(
        self, access_token: str, ad_set_id: str, *, at: datetime | None = None
    ) -> Delivered:
        """The ad set's totals up to ``at`` (default: now), and each of its ads' share."""
        account = await self._account(access_token, "analytics")
        ad_set = await self._owned("ad_set", ad_set_id, account.id, AdSet)
        return await self._deliver(account, ad_set, at or self._network.clock.now())

    async def ad_account(self, access_token: str) -> SandboxAccount:
        return await self._account(access_token, "ads", "analytics")

    # -- helpers -------------------------------------------------------------------------

    async def _deliver(self, account: SandboxAccount, ad_set: AdSet, now: datetime) -> Delivered:
        campaign = await self._owned("campaign", ad_set.campaign_id, account.id, AdCampaign)
        ads = [
            ad for ad in await self._all("ad", account.id, ad_set.id) if isinstance(ad, CampaignAd)
        ]
        spans = intersect(active_spans(campaign.statuses, now), active_spans(ad_set.statuses, now))
        starts = max(filter(None, (campaign.starts_at, ad_set.starts_at)), default=None)
        ends = min(filter(None, (campaign.ends_at, ad_set.ends_at)), default=None)
        if starts is not None or ends is not None:
            spans = intersect(spans, [(starts or ad_set.created_at, ends or now)])
        bid = ad_set.bid_minor or 2 * model.MARKET_CPM_CENTS  # automatic bidding wins most
        runs = {}
        for ad in ads:
            rates = self._ad_rates(ad, bid)
            runs[ad.id] = AdRun(
                spans=intersect(spans, active_spans(ad.statuses, now)),
                click=rates.click,
                conversion=rates.conversion,
            )
        market = model.ad_rates(model.features("", model.Channel.AD), 0.0, bid)
        plan = DeliveryPlan(
            seed=f"{self._network.seed}:adset:{ad_set.id}",
            audience=account.ad_audience,
            win=market.win,
            price_cpm=market.price_cpm_cents,
            budget_kind=ad_set.budget_kind,
            budgets=ad_set.budgets,
            time_zone=account.time_zone,
            flight_end=ends,
            value_per_conversion_minor=CONVERSION_VALUE * 10 ** minor_units(account.currency),
            ads=runs,
        )
        return deliver(plan, now)

    def _ad_rates(self, ad: CampaignAd, bid: int) -> model.AdRates:
        """An ad's rates: from its creative's features and latent quality, at the bid."""
        content = model.features(
            f"{ad.headline}\n{ad.body}",
            model.Channel.AD,
            images=len(ad.image_refs),
            videos=len(ad.video_refs),
        )
        fingerprint = "\x00".join(["ad", ad.headline, ad.body, *ad.image_refs, *ad.video_refs])
        return model.ad_rates(content, model.latent_quality(self._network.seed, fingerprint), bid)

    def _check_budget(self, account: SandboxAccount, kind: str, minor: int, currency: str) -> None:
        if kind not in {"daily", "lifetime"}:
            raise InvalidRequest("a budget is daily or lifetime")
        if currency.upper() != account.currency:
            raise InvalidRequest(
                f"the budget is in {currency}; this ad account spends {account.currency}"
            )
        if not 1 <= minor <= MAX_BUDGET_MINOR:
            raise InvalidRequest(f"a budget is 1 to {MAX_BUDGET_MINOR} minor units")

    async def _account(self, access_token: str, *scopes: str) -> SandboxAccount:
        grant = await self._network.oauth.authenticate(access_token, *scopes)
        return await self._network.account(grant.account_id)

    async def _created(self, level: str, obj: Obj) -> Obj:
        await self._store(level, obj)
        self._network.faults.after_effect()
        return obj

    async def _store(self, level: str, obj: AdObject) -> None:
        await self._network.store.put(
            KIND[level],
            obj.id,
            msgspec.json.encode(obj),
            owner=obj.account_id,
            tag=obj.reference or "",
        )

    async def _owned(self, level: str, key: str, account_id: str, type_: type[Obj]) -> Obj:
        raw = await self._network.store.get(KIND[level], key)
        found = None if raw is None else msgspec.json.decode(raw, type=type_)
        if found is None or found.account_id != account_id:
            raise NotFound(f"no such {level.replace('_', ' ')}")
        return found

    async def _any(self, level: str, key: str, account_id: str) -> AdObject:
        if level == "campaign":
            return await self._owned(level, key, account_id, AdCampaign)
        if level == "ad_set":
            return await self._owned(level, key, account_id, AdSet)
        return await self._owned(level, key, account_id, CampaignAd)

    async def _all(self, level: str, account_id: str, parent_id: str | None) -> list[AdObject]:
        type_ = _TYPE[level]
        found = [
            msgspec.json.decode(raw, type=type_)
            for raw in await self._network.store.list(KIND[level], owner=account_id)
        ]
        if parent_id is None:
            return found
        return [obj for obj in found if _parent(obj) == parent_id]


def _parent(obj: AdObject) -> str | None:
    if isinstance(obj, AdSet):
        return obj.campaign_id
    if isinstance(obj, CampaignAd):
        return obj.ad_set_id
    return None
