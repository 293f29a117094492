"""A budget cap: the most the campaigns of a brand (or, for every brand without its own, of
the organization) may spend in one currency, in a day and over their whole flight.

A cap is keyed by its scope and currency: at most one per (organization, brand or none,
currency). It has a daily or a lifetime maximum, or both (``SpendCaps``). Setting, changing
and removing one are events (``budget_cap.created``, ``.updated``, ``.removed``) about its
scope: the brand's id, or the organization's for the organization's cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from umt.domain.advertising import events as ev
from umt.domain.advertising.caps import SpendCaps
from umt.domain.advertising.errors import BudgetCurrencyMismatch
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.money import Money


@dataclass(slots=True, kw_only=True)
class BudgetCap(AggregateRoot):
    organization_id: OrganizationId
    brand_id: BrandId | None  # None: the organization's cap
    daily: Money | None = None
    lifetime: Money | None = None
    updated_at: datetime

    def __post_init__(self) -> None:
        self.limits  # noqa: B018 - one of the two, in one currency

    @classmethod
    def create(
        cls,
        *,
        organization_id: OrganizationId,
        brand_id: BrandId | None,
        daily: Money | None,
        lifetime: Money | None,
        now: datetime,
    ) -> BudgetCap:
        """A new cap of that scope and currency (``budget_cap.created``)."""
        cap = cls(
            organization_id=organization_id,
            brand_id=brand_id,
            daily=daily,
            lifetime=lifetime,
            updated_at=now,
        )
        cap._record(ev.BudgetCapCreated, now, cap._limits())
        return cap

    @property
    def id(self) -> UUID:
        """What the cap bounds, which its events are about: its brand, or its organization."""
        return self.organization_id if self.brand_id is None else self.brand_id

    @property
    def limits(self) -> SpendCaps:
        return SpendCaps(daily=self.daily, lifetime=self.lifetime)

    @property
    def currency(self) -> str:
        return self.limits.currency

    def change(self, *, daily: Money | None, lifetime: Money | None, now: datetime) -> bool:
        """Take new maximums in the cap's currency (``budget_cap.updated``); whether they
        differ from the current ones (the same ones change nothing and record nothing)."""
        limits = SpendCaps(daily=daily, lifetime=lifetime)
        if limits.currency != self.currency:
            raise BudgetCurrencyMismatch(
                f"this cap is in {self.currency}; a cap in {limits.currency} is another one",
                field="currency",
            )
        if (daily, lifetime) == (self.daily, self.lifetime):
            return False
        before = self._amounts()
        self.daily, self.lifetime, self.updated_at = daily, lifetime, now
        self._record(
            ev.BudgetCapUpdated,
            now,
            ev.CapChange(
                brand_id=self.brand_id,
                currency=self.currency,
                before=before,
                after=self._amounts(),
            ),
        )
        return True

    def remove(self, *, now: datetime) -> None:
        """The cap no longer bounds anything (``budget_cap.removed``, with what it was)."""
        self._record(ev.BudgetCapRemoved, now, self._limits())

    def _amounts(self) -> dict[str, str | None]:
        # the currency too, so the audit entry of a change names which cap it was
        return {
            "currency": self.currency,
            "daily": _text(self.daily),
            "lifetime": _text(self.lifetime),
        }

    def _limits(self) -> ev.CapLimits:
        return ev.CapLimits(
            brand_id=self.brand_id,
            currency=self.currency,
            daily=_text(self.daily),
            lifetime=_text(self.lifetime),
        )


def _text(money: Money | None) -> str | None:
    return None if money is None else str(money.amount)
