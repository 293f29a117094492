"""A budget: an amount of money per day or for a whole flight, always positive."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from umt.domain.advertising.errors import BudgetNotPositive
from umt.domain.shared.money import Money


class BudgetKind(StrEnum):
    DAILY = "daily"
    LIFETIME = "lifetime"  # the whole flight, from start to end


@dataclass(frozen=True, slots=True)
class Budget:
    kind: BudgetKind
    amount: Money

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", BudgetKind(self.kind))
        if self.amount.amount <= 0:
            raise BudgetNotPositive("a budget must be greater than zero", field="budget.amount")

    @property
    def currency(self) -> str:
        return self.amount.currency
