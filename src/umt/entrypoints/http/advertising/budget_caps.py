"""/api/v1/budget-caps: read (``ads:read``), set and remove (``budget_caps:manage``, owners
and admins) the caps (daily and/or lifetime maximums) that bound every campaign's budgets."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, put
from litestar.params import JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from umt.application.advertising.budget_caps import (
    CapSet,
    ListBudgetCaps,
    RemoveBudgetCap,
    SetBudgetCap,
)
from umt.application.advertising.views import BudgetCapView
from umt.entrypoints.http.advertising.rule_examples import CAP_SET, CAPS_OK
from umt.entrypoints.http.dependencies import Bus, Caller, Paging
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.budget_caps import (
    BudgetCapIn,
    BudgetCapList,
    BudgetCapSetOut,
    cap_out,
    over_out,
)
from umt.entrypoints.http.schemas.common import given
from umt.ports.pagination import Page as DomainPage

BrandScope = Annotated[
    UUID | None, QueryParameter(description="The brand's cap; left out: the organization's")
]
CurrencyParam = Annotated[str, QueryParameter(description="ISO 4217, e.g. EUR")]


class BudgetCapController(Controller):
    path = "/api/v1/budget-caps"
    tags = ["campaigns"]
    security = BEARER

    @get(
        "/",
        summary="The organization's and its brands' ad spend caps (daily and lifetime)",
        operation_class=CAPS_OK,
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListBudgetCaps),
    )
    async def list_caps(self, principal: Caller, bus: Bus, page: Paging) -> BudgetCapList:
        found = await bus.ask(ListBudgetCaps(page=page), DomainPage[BudgetCapView], principal)
        return BudgetCapList(items=[cap_out(c) for c in found.items], next_cursor=found.next_cursor)

    @put(
        "/",
        status_code=HTTP_200_OK,
        summary="Set the cap of the organization or a brand, in one currency",
        description=(
            "A daily maximum, a lifetime (whole-flight) maximum, or both. A brand's cap wins "
            "over the organization's. Every later budget check (planning, a raise, pacing, "
            "rules, a moved flight) holds the campaign's daily ceiling under the daily maximum "
            "and its total under the lifetime one. Setting the maximums the cap already has "
            "changes nothing. Campaigns "
            "already over the new cap are listed in `over_cap` and left as they are. A cap "
            "of zero or less, an unknown currency or a malformed amount is a 422, a brand "
            "that is not the organization's a 404; nothing is stored then."
        ),
        operation_class=CAP_SET,
        responses=PROTECTED_ERRORS,
        opt=requires_for(SetBudgetCap),
    )
    async def set_cap(
        self, data: JSONBody[BudgetCapIn], principal: Caller, bus: Bus
    ) -> BudgetCapSetOut:
        done = await bus.ask(SetBudgetCap(**given(data)), CapSet, principal)
        return BudgetCapSetOut(cap=cap_out(done.cap), over_cap=over_out(done.over_cap))

    @delete(
        "/",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a cap (the organization's, or a brand's with brand_id)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(RemoveBudgetCap),
    )
    async def remove_cap(
        self, principal: Caller, bus: Bus, currency: CurrencyParam, brand_id: BrandScope = None
    ) -> None:
        await bus.execute(RemoveBudgetCap(currency=currency, brand_id=brand_id), principal)
