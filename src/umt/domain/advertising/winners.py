"""Budget toward the winner of an experiment: which ad sets of a campaign show which arm, and
how a percentage of the losing arms' budgets moves to the winner's. Pure arithmetic over
``Money``, with the sum of the budgets kept exactly.

- An ad set **shows** an arm when one of its ads carries the arm's content (and, when the arm
  names one, its content version). An ad set showing the winner and no loser is a winner set;
  one showing a loser and not the winner is a loser set; any other is left alone.
- Within each budget kind (a daily amount is not moved into a lifetime one), every loser set
  gives ``percent`` of its budget, rounded down to the currency's minor unit, and keeps at
  least one minor unit (a platform refuses a zero budget: a pause rule stops an ad set).
- What the losers gave is shared evenly among the winner sets of that kind, rounded down, the
  remainder going to the first one, so nothing is created or lost.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from uuid import UUID

from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.tree import AdSet
from umt.domain.shared.ids import AdSetId
from umt.domain.shared.money import Money, minor_units


@dataclass(frozen=True, slots=True)
class ArmContent:
    """What an arm shows: a content piece, and possibly one version of it."""

    content_id: UUID
    content_version_id: UUID | None = None

    def shown_by(self, ad_set: AdSet) -> bool:
        return any(
            ad.creative.content_id == self.content_id
            and (
                self.content_version_id is None
                or ad.creative.content_version_id == self.content_version_id
            )
            for ad in ad_set.ads
        )


@dataclass(frozen=True, slots=True)
class BudgetShift:
    ad_set_id: AdSetId
    before: Budget
    after: Budget


def shift_to_winner(
    ad_sets: Collection[AdSet],
    *,
    winner: ArmContent,
    losers: Collection[ArmContent],
    percent: Decimal,
) -> list[BudgetShift]:
    """The new budgets (cuts first, then raises); empty when there is nothing to move."""
    cuts: list[BudgetShift] = []
    raises: list[BudgetShift] = []
    for kind in BudgetKind:
        of_kind = [s for s in ad_sets if s.budget.kind is kind]
        winning = [s for s in of_kind if winner.shown_by(s) and not _shows_any(s, losers)]
        losing = [s for s in of_kind if _shows_any(s, losers) and not winner.shown_by(s)]
        if not winning or not losing:
            continue
        given: list[BudgetShift] = []
        for ad_set in losing:
            moved = _moved(ad_set.budget.amount, percent)
            if moved.amount > 0:
                after = Budget(kind, ad_set.budget.amount - moved)
                given.append(BudgetShift(ad_set.id, ad_set.budget, after))
        if not given:
            continue
        total = sum(((s.before.amount - s.after.amount).amount for s in given), start=Decimal(0))
        currency = given[0].before.currency
        shares = _shares(total, len(winning), currency)
        cuts.extend(given)
        raises.extend(
            BudgetShift(
                ad_set.id,
                ad_set.budget,
                Budget(kind, ad_set.budget.amount + Money(share, currency)),
            )
            for ad_set, share in zip(winning, shares, strict=True)
            if share > 0
        )
    return [*cuts, *raises]


def _shows_any(ad_set: AdSet, arms: Collection[ArmContent]) -> bool:
    return any(arm.shown_by(ad_set) for arm in arms)


def _unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def _moved(amount: Money, percent: Decimal) -> Money:
    """``percent`` of ``amount``, rounded down, leaving at least one minor unit behind."""
    unit = _unit(amount.currency)
    moved = (amount.amount * percent / Decimal(100)).quantize(unit, ROUND_DOWN)
    return Money(min(moved, amount.amount - unit), amount.currency)


def _shares(total: Decimal, count: int, currency: str) -> list[Decimal]:
    """``total`` in ``count`` shares of whole minor units; the remainder to the first."""
    unit = _unit(currency)
    share = (total / count).quantize(unit, ROUND_DOWN)
    first = total - share * (count - 1)
    return [first, *([share] * (count - 1))]
