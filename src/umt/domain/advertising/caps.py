"""The caps that bound a campaign's budgets: the most it may spend in a day (its daily
ceiling), and over its whole flight (its total), in one currency. Either may be absent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from umt.domain.advertising.budget import Budget
from umt.domain.advertising.errors import BudgetCurrencyMismatch
from umt.domain.advertising.flight import check_cap, check_total, daily_equivalent, total_of
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class SpendCaps:
    daily: Money | None = None
    lifetime: Money | None = None

    def __post_init__(self) -> None:
        if self.daily is None and self.lifetime is None:
            raise InvalidValue("a cap has a daily or a lifetime maximum", field="daily")
        daily, lifetime = self.daily, self.lifetime
        if daily is not None and lifetime is not None and daily.currency != lifetime.currency:
            raise BudgetCurrencyMismatch(
                "the daily and lifetime maximums are in one currency", field="lifetime"
            )

    @property
    def currency(self) -> str:
        money = self.daily or self.lifetime
        assert money is not None  # noqa: S101 - __post_init__ holds one
        return money.currency


Cap = Money | SpendCaps | None  # a bare Money is a daily cap
Flight = tuple[Budget, datetime, datetime | None]  # an ad set's budget and its flight


def as_caps(cap: Cap) -> SpendCaps | None:
    return SpendCaps(daily=cap) if isinstance(cap, Money) else cap


def ceilings(flights: Iterable[Flight], currency: str) -> tuple[Money, Money | None]:
    """The daily ceiling and the whole-flight total (None: unbounded) of every ad set."""
    daily = Money.zero(currency)
    total: Money | None = Money.zero(currency)
    for budget, start, end in flights:
        daily += daily_equivalent(budget, start, end)
        one = total_of(budget, start, end)
        total = None if total is None or one is None else total + one
    return daily, total


def check_caps(flights: Iterable[Flight], currency: str, cap: Cap) -> None:
    """The daily ceiling and the total of ``flights`` (every ad set) under ``cap``."""
    caps = as_caps(cap)
    if caps is None:
        return
    daily, total = ceilings(flights, currency)
    check_cap(daily, caps.daily)
    check_total(total, caps.lifetime)


def check_growth(new: Iterable[Flight], old: Iterable[Flight], currency: str, cap: Cap) -> None:
    """Each maximum checked only if its measure grows from ``old`` to ``new`` (a cut always
    passes, and a campaign already over one maximum may still change within it)."""
    caps = as_caps(cap)
    if caps is None:
        return
    new_daily, new_total = ceilings(new, currency)
    old_daily, old_total = ceilings(old, currency)
    if new_daily > old_daily:
        check_cap(new_daily, caps.daily)
    if old_total is not None and (new_total is None or new_total > old_total):
        check_total(new_total, caps.lifetime)
