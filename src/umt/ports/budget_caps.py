"""The BudgetCaps port: the most a campaign may spend in a day and over its whole flight, per
brand or organization.

A cap is in one currency and bounds the daily ceiling (``Campaign.daily_ceiling``) and the
total of every campaign in that currency; it has a daily or a lifetime maximum, or both. A
brand's own cap wins over the organization's, as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from umt.domain.advertising.caps import SpendCaps
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.money import Money


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetCap:
    organization_id: OrganizationId
    brand_id: BrandId | None  # None: the organization's cap
    daily: Money | None = None
    lifetime: Money | None = None
    updated_at: datetime

    def __post_init__(self) -> None:
        self.limits  # noqa: B018 - one of the two, in one currency

    @property
    def limits(self) -> SpendCaps:
        return SpendCaps(daily=self.daily, lifetime=self.lifetime)

    @property
    def currency(self) -> str:
        return self.limits.currency


class BudgetCaps(Protocol):
    async def cap_for(
        self, organization_id: OrganizationId, brand_id: BrandId, currency: str
    ) -> SpendCaps | None:
        """The brand's cap in ``currency``, else the organization's; None: no cap."""
        ...

    async def put(self, cap: BudgetCap) -> None:
        """Set (or replace) the cap of that scope and currency."""
        ...

    async def remove(
        self, organization_id: OrganizationId, brand_id: BrandId | None, currency: str
    ) -> bool: ...

    async def list(self, organization_id: OrganizationId) -> Sequence[BudgetCap]: ...
