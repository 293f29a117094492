"""The monthly generation budget of an organization, and the error when it is spent.

Money is counted in integer micro-dollars (1 USD = 1,000,000), so sums in SQL and in memory
are exact. A budget may limit tokens, cost, both, or nothing (``None`` = unlimited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from umt.domain.shared.errors import DomainError, InvalidValue

MICROS_PER_DOLLAR = 1_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationBudget:
    """Monthly limits: total tokens (input + output) and cost in micro-dollars."""

    token_limit: int | None = None
    cost_limit_micros: int | None = None

    def __post_init__(self) -> None:
        if self.token_limit is not None and self.token_limit < 0:
            raise InvalidValue("the token limit cannot be negative", field="token_limit")
        if self.cost_limit_micros is not None and self.cost_limit_micros < 0:
            raise InvalidValue("the cost limit cannot be negative", field="cost_limit")

    @property
    def unlimited(self) -> bool:
        return self.token_limit is None and self.cost_limit_micros is None

    def exhausted_by(self, *, tokens: int, cost_micros: int) -> str | None:
        """Which limit ``tokens``/``cost_micros`` already reach (``"tokens"``, ``"cost"``),
        or None while both are below their limits."""
        if self.token_limit is not None and tokens >= self.token_limit:
            return "tokens"
        if self.cost_limit_micros is not None and cost_micros >= self.cost_limit_micros:
            return "cost"
        return None


@dataclass(frozen=True, slots=True)
class MonthWindow:
    """A calendar month in UTC: ``start`` inclusive, ``end`` exclusive."""

    start: datetime
    end: datetime

    @classmethod
    def containing(cls, moment: datetime) -> MonthWindow:
        at = moment.astimezone(UTC)
        start = datetime(at.year, at.month, 1, tzinfo=UTC)
        end = (
            datetime(at.year + 1, 1, 1, tzinfo=UTC)
            if at.month == 12  # December
            else datetime(at.year, at.month + 1, 1, tzinfo=UTC)
        )
        return cls(start, end)

    def seconds_left(self, moment: datetime) -> int:
        """Whole seconds until the month rolls over (at least 1)."""
        return max(1, int(-(-(self.end - moment).total_seconds() // 1)))


class GenerationBudgetExhausted(DomainError):
    """The organization's monthly generation budget is spent: no call is made until the month
    rolls over (``retry_after_seconds``) or an administrator raises the budget."""

    code = "generation_budget_exhausted"

    def __init__(self, limit: str, *, retry_after_seconds: int) -> None:
        self.limit = limit
        self.retry_after_seconds = max(1, retry_after_seconds)
        super().__init__(
            f"the organization's monthly generation {limit} budget is exhausted;"
            " it renews at the start of next month (UTC)"
        )
