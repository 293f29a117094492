"""The Campaign aggregate: a campaign on one ad account, its ad sets and their ads.

Its status moves are inherited from ``lifecycle.py``, its renaming and moving from
``revision.py``; the allowed moves are in ``status.py``.
A draft is planned freely (ad sets, ads, budgets); launching freezes the tree and creates it
on the platform PAUSED, one object at a time, each remote id recorded as soon as it is known;
``activate`` needs every object created. Money is in the ad account's currency; budget rules
(positive, the account's currency, under the cap, a lifetime budget with an end date, ordered
dates, an end in the future) are checked here whenever a budget or a date is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from umt.domain.advertising import events as ev
from umt.domain.advertising.budget import Budget
from umt.domain.advertising.caps import Cap, Flight, check_caps
from umt.domain.advertising.errors import (
    BudgetCurrencyMismatch,
    CampaignNotEditable,
    IllegalCampaignTransition,
    UnknownAdObject,
)
from umt.domain.advertising.flight import (
    check_budget,
    check_dates,
    check_end,
    check_within,
    daily_equivalent,
)
from umt.domain.advertising.levels import AdLevel, DeliveryStatus, Objective
from umt.domain.advertising.revision import CampaignRevision
from umt.domain.advertising.status import (
    BUDGET_CHANGEABLE,
    LIVE,
    TRANSITIONS,
    CampaignStatus,
)
from umt.domain.advertising.tree import Ad, AdSet, reference_of
from umt.domain.shared.ids import (
    AdId,
    AdSetId,
    BrandId,
    CampaignId,
    ChannelAccountId,
    OrganizationId,
)
from umt.domain.shared.money import Money, currency_code
from umt.domain.shared.values import require_text

MAX_AD_SETS = 50
MAX_ADS_PER_SET = 50
__all__ = ["TRANSITIONS", "Campaign", "CampaignStatus", "PendingObject"]


@dataclass(frozen=True, slots=True)
class PendingObject:
    """An object of the tree not yet created remotely, with the remote id of its parent."""

    level: AdLevel
    object_id: CampaignId | AdSetId | AdId
    parent_remote_id: str | None


@dataclass(slots=True, kw_only=True)
class Campaign(CampaignRevision):
    id: CampaignId
    organization_id: OrganizationId
    brand_id: BrandId
    ad_account_id: ChannelAccountId
    name: str
    objective: Objective
    currency: str  # the ad account's
    starts_at: datetime
    ends_at: datetime | None = None
    status: CampaignStatus = CampaignStatus.DRAFT
    status_reason: str = ""
    remote_id: str | None = None
    ad_sets: list[AdSet] = field(default_factory=list)
    launched_at: datetime | None = None
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="name", max_length=200)
        self.objective = Objective(self.objective)
        self.status = CampaignStatus(self.status)
        self.currency = currency_code(self.currency)
        check_dates(self.starts_at, self.ends_at, field="ends_at")

    @classmethod
    def plan(cls, *, now: datetime, **fields: Any) -> Campaign:
        """A draft (``fields`` are the dataclass's); its end, if any, must lie ahead."""
        campaign = cls(created_at=now, updated_at=now, **fields)
        check_end(campaign.ends_at, now)
        campaign._record(
            ev.CampaignCreated,
            now,
            ev.CampaignPlanned(
                brand_id=campaign.brand_id,
                ad_account_id=campaign.ad_account_id,
                name=campaign.name,
                objective=campaign.objective.value,
                currency=campaign.currency,
            ),
        )
        return campaign

    # ------------------------------------------------------------------ reading

    @property
    def reference(self) -> str:
        return reference_of("cmp", self.id)

    def ad_set(self, ad_set_id: AdSetId) -> AdSet:
        for ad_set in self.ad_sets:
            if ad_set.id == ad_set_id:
                return ad_set
        raise UnknownAdObject(f"the campaign has no ad set {ad_set_id}", field="ad_set_id")

    def ads(self) -> Iterator[tuple[AdSet, Ad]]:
        for ad_set in self.ad_sets:
            for ad in ad_set.ads:
                yield ad_set, ad

    def flight_of(self, ad_set: AdSet) -> tuple[datetime, datetime | None]:
        """When an ad set delivers: its own dates, else its campaign's."""
        return (ad_set.starts_at or self.starts_at, ad_set.ends_at or self.ends_at)

    def daily_ceiling(self) -> Money:
        """What the campaign may spend in a day: its daily budgets plus each lifetime budget
        spread evenly over its flight. The cap bounds this."""
        total = Money.zero(self.currency)
        for ad_set in self.ad_sets:
            total += daily_equivalent(ad_set.budget, *self.flight_of(ad_set))
        return total

    def _flights_with(self, changed: AdSet, budget: Budget) -> list[Flight]:
        """Every ad set's budget and flight if ``changed`` (new or existing) had ``budget``."""
        flights = [(budget, *self.flight_of(changed))]
        flights.extend((a.budget, *self.flight_of(a)) for a in self.ad_sets if a.id != changed.id)
        return flights

    def has_pending_objects(self) -> bool:
        return bool(self.pending_objects())

    def pending_objects(self) -> list[PendingObject]:
        """The objects still to create remotely, parents first (what a launch resumes)."""
        pending: list[PendingObject] = []
        if self.remote_id is None:
            pending.append(PendingObject(AdLevel.CAMPAIGN, self.id, None))
        for ad_set in self.ad_sets:
            if ad_set.remote_id is None:
                pending.append(PendingObject(AdLevel.AD_SET, ad_set.id, self.remote_id))
            pending.extend(
                PendingObject(AdLevel.AD, ad.id, ad_set.remote_id)
                for ad in ad_set.ads
                if ad.remote_id is None
            )
        return pending

    # ------------------------------------------------------------------ planning (draft)

    def add_ad_set(self, ad_set: AdSet, *, now: datetime, cap: Cap) -> None:
        self._require_draft()
        if len(self.ad_sets) >= MAX_AD_SETS:
            raise CampaignNotEditable(f"a campaign has at most {MAX_AD_SETS} ad sets")
        if any(existing.id == ad_set.id for existing in self.ad_sets):
            raise CampaignNotEditable(f"ad set {ad_set.id} is already in the campaign")
        start, end = self.flight_of(ad_set)
        check_dates(start, end, field="ad_sets.ends_at")
        check_within(ad_set.starts_at, ad_set.ends_at, self.starts_at, self.ends_at)
        check_end(end, now, field="ad_sets.ends_at")
        check_budget(ad_set.budget, self.currency, end)
        if ad_set.bid is not None and ad_set.bid.currency != self.currency:
            raise BudgetCurrencyMismatch(
                f"the ad account spends {self.currency}, not {ad_set.bid.currency}",
                field="bid.currency",
            )
        check_caps(self._flights_with(ad_set, ad_set.budget), self.currency, cap)
        self.ad_sets.append(ad_set)
        self._bump(now)
        self._record(
            ev.CampaignTreeChanged,
            now,
            ev.TreeObjectAdded(level=AdLevel.AD_SET.value, object_id=ad_set.id, name=ad_set.name),
        )

    def add_ad(self, ad_set_id: AdSetId, ad: Ad, *, now: datetime) -> None:
        self._require_draft()
        ad_set = self.ad_set(ad_set_id)
        if len(ad_set.ads) >= MAX_ADS_PER_SET:
            raise CampaignNotEditable(f"an ad set has at most {MAX_ADS_PER_SET} ads")
        if any(existing.id == ad.id for _, existing in self.ads()):
            raise CampaignNotEditable(f"ad {ad.id} is already in the campaign")
        ad_set.ads.append(ad)
        self._bump(now)
        self._record(
            ev.CampaignTreeChanged,
            now,
            ev.TreeObjectAdded(
                level=AdLevel.AD.value, object_id=ad.id, name=ad.name, parent_id=ad_set.id
            ),
        )

    # ------------------------------------------------------------------ launching

    def record_remote_id(
        self, level: AdLevel, object_id: CampaignId | AdSetId | AdId, remote_id: str, now: datetime
    ) -> None:
        """The platform created (or reconciliation found) an object: remember its id."""
        remote = require_text(remote_id, field="remote_id", max_length=200)
        if level is AdLevel.CAMPAIGN and object_id == self.id:
            self.remote_id = remote
        elif level is AdLevel.AD_SET:
            self.ad_set(AdSetId(object_id)).remote_id = remote
        elif level is AdLevel.AD:
            self._ad(AdId(object_id)).remote_id = remote
        else:
            raise UnknownAdObject(f"the campaign has no {level.value} {object_id}")
        self._bump(now)

    def change_budget(
        self,
        ad_set_id: AdSetId,
        budget: Budget,
        *,
        now: datetime,
        cap: Cap,
        reason: str = "user",
        expected_version: int | None = None,
    ) -> bool:
        """A new budget of the same kind (platforms keep an ad set's kind); False if equal."""
        self._check_version(expected_version)
        if self.status not in BUDGET_CHANGEABLE:
            raise CampaignNotEditable(f"a {self.status.value} campaign's budgets are final")
        ad_set = self.ad_set(ad_set_id)
        end = self.flight_of(ad_set)[1]
        if budget.kind is not ad_set.budget.kind:
            raise CampaignNotEditable(
                f"the ad set's budget is {ad_set.budget.kind.value}; it stays so",
            )
        check_end(end, now, field="ad_sets.ends_at")
        check_budget(budget, self.currency, end)
        if budget == ad_set.budget:
            return False
        if budget.amount > ad_set.budget.amount:  # a cut is always allowed
            check_caps(self._flights_with(ad_set, budget), self.currency, cap)
        before, ad_set.budget = ad_set.budget, budget
        self._bump(now)
        self._record(
            ev.CampaignBudgetChanged,
            now,
            ev.BudgetChange(
                ad_set_id=ad_set.id,
                kind=budget.kind.value,
                currency=self.currency,
                before=str(before.amount.amount),
                after=str(budget.amount.amount),
                reason=reason,
            ),
        )
        return True

    def set_ad_set_status(
        self, ad_set_id: AdSetId, status: DeliveryStatus, *, now: datetime, reason: str
    ) -> bool:
        """Pause or resume one ad set of a live campaign; False when it already is."""
        if self.status not in LIVE:
            raise CampaignNotEditable(f"a {self.status.value} campaign's ad sets do not change")
        ad_set = self.ad_set(ad_set_id)
        if status not in (DeliveryStatus.PAUSED, DeliveryStatus.ACTIVE):
            raise IllegalCampaignTransition("an ad set is paused or resumed", field="status")
        if ad_set.status is status:
            return False
        before, ad_set.status = ad_set.status, status
        self._bump(now)
        kind = ev.AdSetPaused if status is DeliveryStatus.PAUSED else ev.AdSetResumed
        self._record(
            kind,
            now,
            ev.AdSetStatusChange(
                ad_set_id=ad_set.id, before=before.value, after=status.value, reason=reason
            ),
        )
        return True

    def alert(self, facts: ev.PacingAlert, *, now: datetime) -> None:
        """Record a pacing alert (``budget.alert``) about this campaign."""
        self._record(ev.BudgetAlerted, now, facts)

    # ------------------------------------------------------------------ internals

    def _ad(self, ad_id: AdId) -> Ad:
        for _, ad in self.ads():
            if ad.id == ad_id:
                return ad
        raise UnknownAdObject(f"the campaign has no ad {ad_id}", field="ad_id")

    def _require_draft(self) -> None:
        if self.status is not CampaignStatus.DRAFT:
            raise CampaignNotEditable(f"a {self.status.value} campaign's tree is frozen")
