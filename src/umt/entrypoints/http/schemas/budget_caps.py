"""Bodies of /api/v1/budget-caps: the most a brand's (or the organization's) campaigns may
spend on ads in a day and over their whole flight, per currency, and the campaigns already
over a cap just set."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.application.advertising.budget_caps import OverCap
from umt.application.advertising.views import BudgetCapView
from umt.domain.shared.money import Money
from umt.entrypoints.http.schemas.advertising import MoneyOut
from umt.entrypoints.http.schemas.common import Input

Currency = Annotated[str, Meta(min_length=3, max_length=3, examples=["EUR"])]


class BudgetCapIn(Input):
    """``brand_id`` null (or left out): the organization's cap, for every brand without one
    of its own. ``daily`` (the most a campaign spends in a day) and ``lifetime`` (over its
    whole flight) are decimal strings in ``currency``, greater than zero: one or both."""

    currency: Currency
    daily: Annotated[str, Meta(max_length=32, examples=["400.00"])] | None = None
    lifetime: Annotated[str, Meta(max_length=32, examples=["10000.00"])] | None = None
    brand_id: Annotated[UUID, Meta(examples=["0190c0de-0000-7000-8000-000000000001"])] | None = None


class BudgetCapOut(msgspec.Struct):
    brand_id: UUID | None
    currency: str
    daily: MoneyOut | None
    lifetime: MoneyOut | None
    updated_at: datetime


class BudgetCapList(msgspec.Struct):
    items: list[BudgetCapOut]
    next_cursor: str | None = None  # the next page's cursor; None on the last page


class OverCapOut(msgspec.Struct):
    campaign_id: UUID
    brand_id: UUID
    name: str
    status: str
    daily_ceiling: MoneyOut
    total: MoneyOut | None  # null: a daily budget with no end (no total)


class BudgetCapSetOut(msgspec.Struct):
    """The cap now in force, and the campaigns already over it (reported, not changed)."""

    cap: BudgetCapOut
    over_cap: list[OverCapOut]


def _money(money: Money | None) -> MoneyOut | None:
    return None if money is None else MoneyOut(amount=str(money.amount), currency=money.currency)


def cap_out(cap: BudgetCapView) -> BudgetCapOut:
    return BudgetCapOut(
        brand_id=cap.brand_id,
        currency=cap.currency,
        daily=_money(cap.daily),
        lifetime=_money(cap.lifetime),
        updated_at=cap.updated_at,
    )


def over_out(found: Sequence[OverCap]) -> list[OverCapOut]:
    return [
        OverCapOut(
            campaign_id=o.campaign_id,
            brand_id=o.brand_id,
            name=o.name,
            status=o.status,
            daily_ceiling=MoneyOut(
                amount=str(o.daily_ceiling.amount), currency=o.daily_ceiling.currency
            ),
            total=_money(o.total),
        )
        for o in found
    ]
