"""What an ad rule measures and does: its condition over a window, the minimum data it needs
before judging, and the budget change it makes. Pure values and arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum

from umt.domain.advertising.errors import AdRuleInvalid
from umt.domain.shared.money import Money

MIN_WINDOW = timedelta(hours=1)
MAX_WINDOW = timedelta(days=90)


class RuleMetric(StrEnum):
    CPA = "cpa"  # spend / conversions; with spend and no conversion, infinitely high
    ROAS = "roas"  # conversion value / spend
    SPEND = "spend"
    CTR = "ctr"  # clicks / impressions


class Comparison(StrEnum):
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"

    def holds(self, value: Decimal, threshold: Decimal) -> bool:
        if self is Comparison.GT:
            return value > threshold
        if self is Comparison.GTE:
            return value >= threshold
        if self is Comparison.LT:
            return value < threshold
        return value <= threshold


@dataclass(frozen=True, slots=True, kw_only=True)
class Performance:
    """What a subject did within a window: differences of the platform's cumulative totals."""

    spend: Decimal = Decimal(0)
    impressions: int = 0
    clicks: int = 0
    conversions: Decimal = Decimal(0)
    conversion_value: Decimal = Decimal(0)

    def value_of(self, metric: RuleMetric) -> Decimal | None:
        """The metric's value, or None where it is undefined (a CTR with no impression)."""
        if metric is RuleMetric.SPEND:
            return self.spend
        if metric is RuleMetric.CPA:
            if self.conversions > 0:
                return self.spend / self.conversions
            return Decimal("Infinity") if self.spend > 0 else None
        if metric is RuleMetric.ROAS:
            return self.conversion_value / self.spend if self.spend > 0 else None
        return Decimal(self.clicks) / Decimal(self.impressions) if self.impressions else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    metric: RuleMetric
    comparison: Comparison
    threshold: Decimal
    window: timedelta = timedelta(days=1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metric", RuleMetric(self.metric))
        object.__setattr__(self, "comparison", Comparison(self.comparison))
        if not self.threshold.is_finite() or self.threshold < 0:
            raise AdRuleInvalid("a threshold is a finite number >= 0", field="condition.threshold")
        if not MIN_WINDOW <= self.window <= MAX_WINDOW:
            raise AdRuleInvalid(
                "a window lies between 1 hour and 90 days", field="condition.window"
            )

    def holds(self, value: Decimal) -> bool:
        return self.comparison.holds(value, self.threshold)


@dataclass(frozen=True, slots=True, kw_only=True)
class MinimumData:
    """The guard: below any of these within the window, the rule does not judge."""

    impressions: int = 0
    clicks: int = 0
    spend: Decimal = Decimal(0)
    conversions: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if min(self.impressions, self.clicks) < 0 or min(self.spend, self.conversions) < 0:
            raise AdRuleInvalid("minimum data is not negative", field="minimum")

    def met_by(self, performance: Performance) -> bool:
        return (
            performance.impressions >= self.impressions
            and performance.clicks >= self.clicks
            and performance.spend >= self.spend
            and performance.conversions >= self.conversions
        )


class AdjustmentMode(StrEnum):
    PERCENT = "percent"  # value: signed percentage of the current budget (+20, -15)
    ABSOLUTE = "absolute"  # value: signed amount in the account currency (+5.00)


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetAdjustment:
    """A budget change bounded by a floor and a cap (amounts in the account currency)."""

    mode: AdjustmentMode
    value: Decimal
    floor: Decimal | None = None
    cap: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", AdjustmentMode(self.mode))
        if not self.value.is_finite() or self.value == 0:
            raise AdRuleInvalid("a budget change is a non-zero number", field="adjustment.value")
        if self.mode is AdjustmentMode.PERCENT and not Decimal(-100) < self.value <= 1000:
            raise AdRuleInvalid(
                "a percentage change lies in (-100, 1000]", field="adjustment.value"
            )
        for name in ("floor", "cap"):
            bound = getattr(self, name)
            if bound is not None and (not bound.is_finite() or bound <= 0):
                raise AdRuleInvalid(f"the {name} is a positive amount", field=f"adjustment.{name}")
        if self.floor is not None and self.cap is not None and self.floor > self.cap:
            raise AdRuleInvalid("the floor lies at or under the cap", field="adjustment.floor")

    def apply(self, current: Money) -> Money:
        """The new amount: changed, then kept within [floor, cap] (and above zero)."""
        if self.mode is AdjustmentMode.PERCENT:
            moved = current.times(Decimal(1) + self.value / Decimal(100))
        else:
            moved = Money(current.amount + self.value, current.currency)
        amount = moved.amount
        if self.floor is not None:
            amount = max(amount, self.floor)
        if self.cap is not None:
            amount = min(amount, self.cap)
        return Money(amount, current.currency).times(Decimal(1))
