"""The BudgetCaps port: the most a campaign may spend in a day, per brand or organization.

A cap is in one currency and bounds the daily ceiling of every campaign in that currency
(``Campaign.daily_ceiling``); a brand's own cap wins over the organization's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.money import Money


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetCap:
    organization_id: OrganizationId
    brand_id: BrandId | None  # None: the organization's cap
    daily: Money
    updated_at: datetime


class BudgetCaps(Protocol):
    async def cap_for(
        self, organization_id: OrganizationId, brand_id: BrandId, currency: str
    ) -> Money | None:
        """The brand's cap in ``currency``, else the organization's; None: no cap."""
        ...

    async def put(self, cap: BudgetCap) -> None:
        """Set (or replace) the cap of that scope and currency."""
        ...

    async def remove(
        self, organization_id: OrganizationId, brand_id: BrandId | None, currency: str
    ) -> bool: ...

    async def list(self, organization_id: OrganizationId) -> Sequence[BudgetCap]: ...
