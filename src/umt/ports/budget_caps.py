"""The BudgetCaps port: the most a campaign may spend in a day and over its whole flight, per
brand or organization.

A cap is in one currency and bounds the daily ceiling (``Campaign.daily_ceiling``) and the
total of every campaign in that currency; it has a daily or a lifetime maximum, or both. A
brand's own cap wins over the organization's, as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from umt.domain.advertising.budget_cap import BudgetCap
from umt.domain.advertising.caps import SpendCaps
from umt.domain.shared.ids import BrandId, OrganizationId


class BudgetCaps(Protocol):
    async def cap_for(
        self, organization_id: OrganizationId, brand_id: BrandId, currency: str
    ) -> SpendCaps | None:
        """The brand's cap in ``currency``, else the organization's; None: no cap."""
        ...

    async def get(
        self, organization_id: OrganizationId, brand_id: BrandId | None, currency: str
    ) -> BudgetCap | None:
        """The cap of exactly that scope (``brand_id`` None: the organization's) and
        currency, or None."""
        ...

    async def put(self, cap: BudgetCap) -> None:
        """Store the cap of that scope and currency (a new one, or one ``get`` returned and
        changed)."""
        ...

    async def remove(self, cap: BudgetCap) -> None:
        """Delete the cap (one ``get`` returned); its ``budget_cap.removed`` event is
        committed with the unit of work."""
        ...

    async def list(self, organization_id: OrganizationId) -> Sequence[BudgetCap]: ...
