"""The budget caps: the most a brand's (or, for every brand without its own, the
organization's) campaigns may spend in a day and over their whole flight, per currency.
Reading them is ``ads:read``; setting and removing them is ``budget_caps:manage`` (owners
and admins): brand managers spend within them.

A cap bounds every later budget check (planning, a raise, pacing, rules). Campaigns already
over a newly lowered cap are reported by ``SetBudgetCap``, never changed: cutting a live
budget is a decision for a person (or a rule), not a side effect of the cap.

Setting a new cap, changing one's maximums and removing one are events
(``budget_cap.created``, ``.updated``, ``.removed``: audited, delivered to webhooks); a set
with the maximums the cap already has records nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from uuid import UUID, uuid5

from umt.application.advertising import inputs
from umt.application.advertising.views import BudgetCapView
from umt.application.agents.names import Agent
from umt.application.principal import Principal
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.shared.inputs import require_sort
from umt.application.use_case import UseCase
from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.campaign import CampaignStatus
from umt.domain.advertising.caps import ceilings
from umt.domain.advertising.errors import BudgetNotPositive, CampaignInvalid
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue, NotFound
from umt.domain.shared.ids import BrandId
from umt.domain.shared.money import Money, currency_code
from umt.ports.campaign_repository import CampaignFilter
from umt.ports.clock import Clock
from umt.ports.pagination import Page, PageRequest, paginate
from umt.ports.unit_of_work import UnitOfWork

# the campaigns a cap still matters to: planned, launching or live
CAPPED = (
    CampaignStatus.DRAFT,
    CampaignStatus.CREATING,
    CampaignStatus.ACTIVE,
    CampaignStatus.PAUSED,
)


def _task(name: str) -> UseCase[Permission]:
    return UseCase(Permission.BUDGET_CAPS_MANAGE, task=name, agent=Agent.CONTENT_AD_MANAGEMENT)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBudgetCaps:
    """The organization's caps and those of the brands the member reaches."""

    use_case: ClassVar = UseCase(
        Permission.ADS_READ, task="budget_cap.list", agent=Agent.CONTENT_AD_MANAGEMENT
    )
    page: PageRequest = field(default_factory=PageRequest)


@dataclass(frozen=True, slots=True, kw_only=True)
class SetBudgetCap:
    """Set (or replace) the cap of the organization (``brand_id`` None) or a brand: a daily
    or a lifetime maximum (decimal strings such as "400.00", never floats), or both."""

    use_case: ClassVar = _task("budget_cap.set")
    currency: str
    daily: Any = None
    lifetime: Any = None
    brand_id: UUID | str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveBudgetCap:
    use_case: ClassVar = _task("budget_cap.remove")
    currency: str
    brand_id: UUID | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OverCap:
    """A campaign over the cap now in force for it: its daily ceiling, or its whole-flight
    total (None: a daily budget with no end, unbounded)."""

    campaign_id: UUID
    brand_id: UUID
    name: str
    status: str
    daily_ceiling: Money
    total: Money | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CapSet:
    cap: BudgetCapView
    over_cap: Sequence[OverCap]  # reported, not changed


async def list_budget_caps(query: ListBudgetCaps, ctx: Context) -> Page[BudgetCapView]:
    """A cap has no id nor creation time: its page order (``created_at``, the one sort) is
    the organization's cap first, then the brands' by id, each by currency."""
    actor = ctx.actor()
    actor.require(ListBudgetCaps.use_case.permission)
    require_sort(query.page, frozenset({"created_at"}))
    async with ctx.uow as uow:
        caps = await uow.budget_caps.list(actor.organization_id)
    shown = [
        BudgetCapView.of(c)
        for c in caps
        if c.brand_id is None or actor.can_access_brand(c.brand_id)
    ]
    return paginate(shown, query.page, sort_value=_cap_key, item_id=_cap_id)


def _cap_key(cap: BudgetCapView) -> str:
    """The organization's caps ("0:…") before the brands' ("1:<brand>:…")."""
    return f"0:{cap.currency}" if cap.brand_id is None else f"1:{cap.brand_id}:{cap.currency}"


def _cap_id(cap: BudgetCapView) -> UUID:
    """A stable id for the cursor, from the cap's scope and currency."""
    return uuid5(cap.organization_id, _cap_key(cap))


async def set_budget_cap(cmd: SetBudgetCap, ctx: Context, *, clock: Clock) -> CapSet:
    actor = ctx.actor()
    actor.require(SetBudgetCap.use_case.permission)
    currency = currency_code(cmd.currency)
    if cmd.daily is None and cmd.lifetime is None:
        raise CampaignInvalid("a cap has a daily or a lifetime maximum (or both)", field="daily")
    daily = _maximum(cmd.daily, currency, "daily")
    lifetime = _maximum(cmd.lifetime, currency, "lifetime")
    async with ctx.uow as uow:
        brand_id = await _brand(uow, actor, cmd.brand_id)
        now = clock.now()
        cap = await uow.budget_caps.get(actor.organization_id, brand_id, currency)
        if cap is None:
            cap = BudgetCap.create(
                organization_id=actor.organization_id,
                brand_id=brand_id,
                daily=daily,
                lifetime=lifetime,
                now=now,
            )
            await uow.budget_caps.put(cap)
        elif cap.change(daily=daily, lifetime=lifetime, now=now):
            await uow.budget_caps.put(cap)
        over = await _over_cap(uow, actor, cap)
        await uow.commit()
    return CapSet(cap=BudgetCapView.of(cap), over_cap=over)


def _maximum(value: Any, currency: str, field: str) -> Money | None:
    if value is None:
        return None
    amount = inputs.decimal(value, field)
    if amount <= 0:
        raise BudgetNotPositive("a cap is greater than zero", field=field)
    try:
        return Money(amount, currency)
    except InvalidValue as exc:  # finer than the currency's minor unit
        raise InvalidValue(exc.message, field=field) from None


async def remove_budget_cap(cmd: RemoveBudgetCap, ctx: Context, *, clock: Clock) -> None:
    actor = ctx.actor()
    actor.require(RemoveBudgetCap.use_case.permission)
    currency = currency_code(cmd.currency)
    async with ctx.uow as uow:
        brand_id = await _brand(uow, actor, cmd.brand_id)
        cap = await uow.budget_caps.get(actor.organization_id, brand_id, currency)
        if cap is None:
            scope = "the organization" if brand_id is None else f"brand {brand_id}"
            raise NotFound(f"{scope} has no cap in {currency}")
        cap.remove(now=clock.now())
        await uow.budget_caps.remove(cap)
        await uow.commit()


async def _brand(uow: UnitOfWork, actor: Principal, brand_id: UUID | str | None) -> BrandId | None:
    """None (the organization), or a brand of the organization (404 otherwise)."""
    if brand_id is None:
        return None
    return (await load_brand(uow, actor, inputs.as_uuid(brand_id, "brand_id"))).id


async def _over_cap(uow: UnitOfWork, actor: Principal, cap: BudgetCap) -> list[OverCap]:
    """The campaigns the cap just set bounds, in its currency, that are over it: the brand's,
    or (the organization's cap) those of every brand without a cap of its own."""
    currency = cap.currency
    own = {
        c.brand_id
        for c in await uow.budget_caps.list(actor.organization_id)
        if c.brand_id is not None and c.currency == currency
    }
    found = await uow.campaigns.list(actor.organization_id, CampaignFilter(brand_id=cap.brand_id))
    over: list[OverCap] = []
    for c in found:
        if c.currency != currency or c.status not in CAPPED:
            continue
        if cap.brand_id is None and c.brand_id in own:
            continue
        daily, total = ceilings(((a.budget, *c.flight_of(a)) for a in c.ad_sets), currency)
        if _over(daily, total, cap):
            over.append(
                OverCap(
                    campaign_id=c.id,
                    brand_id=c.brand_id,
                    name=c.name,
                    status=c.status.value,
                    daily_ceiling=daily,
                    total=total,
                )
            )
    return over


def _over(daily: Money, total: Money | None, cap: BudgetCap) -> bool:
    if cap.daily is not None and daily > cap.daily:
        return True
    return cap.lifetime is not None and (total is None or total > cap.lifetime)
