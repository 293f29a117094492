"""Per-arm summary statistics, the input of every method.

The aggregation happens in SQL (an analysis streams over millions of events without loading
them), so each arm arrives as a handful of sums. The summaries validate themselves on
construction and raise `StatisticsInputError` for impossible values.

For a continuous arm with ``n`` units, sum ``T = Σy`` and sum of squares ``Q = Σy²``:

    mean      ȳ  = T / n
    variance  s² = (Q - T²/n) / (n - 1)        (unbiased sample variance, n ≥ 2)

computed from the sums (clamped at 0 against rounding). A binary arm is the special case
``y ∈ {0, 1}``: rate ``p̂ = successes / trials`` and Bernoulli variance ``p̂(1 - p̂)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from umt.application.experiments.statistics.errors import StatisticsInputError, require_finite


@dataclass(frozen=True, slots=True, kw_only=True)
class BinaryArm:
    """A binary metric's arm (click-through, conversion, open rate): units and converters."""

    name: str
    trials: int
    successes: int

    def __post_init__(self) -> None:
        if self.trials < 0:
            raise StatisticsInputError("trials cannot be negative", field="trials")
        if self.successes < 0:
            raise StatisticsInputError("successes cannot be negative", field="successes")
        if self.successes > self.trials:
            raise StatisticsInputError("successes cannot exceed trials", field="successes")

    @property
    def rate(self) -> float:
        """The observed rate ``successes / trials`` (0 when there are no trials)."""
        return self.successes / self.trials if self.trials else 0.0

    @property
    def failures(self) -> int:
        """Units that did not convert."""
        return self.trials - self.successes


@dataclass(frozen=True, slots=True, kw_only=True)
class Covariate:
    """A pre-period covariate X for CUPED, summed over the arm's units."""

    total: float
    total_sq: float
    total_cross: float

    def __post_init__(self) -> None:
        require_finite(self.total, "covariate.total")
        require_finite(self.total_sq, "covariate.total_sq")
        require_finite(self.total_cross, "covariate.total_cross")
        if self.total_sq < 0.0:
            raise StatisticsInputError(
                "a sum of squares cannot be negative", field="covariate.total_sq"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class ContinuousArm:
    """A continuous metric's arm (revenue per visitor, ...): ``n``, ``Σy``, ``Σy²``."""

    name: str
    n: int
    total: float
    total_sq: float
    covariate: Covariate | None = None

    def __post_init__(self) -> None:
        if self.n < 0:
            raise StatisticsInputError("n cannot be negative", field="n")
        require_finite(self.total, "total")
        require_finite(self.total_sq, "total_sq")
        if self.total_sq < 0.0:
            raise StatisticsInputError("a sum of squares cannot be negative", field="total_sq")
        if self.n == 0 and (self.total != 0.0 or self.total_sq != 0.0):
            raise StatisticsInputError("an arm with no units has zero sums", field="n")

    @property
    def mean(self) -> float:
        """The sample mean ``Σy / n`` (0 when there are no units)."""
        return self.total / self.n if self.n else 0.0

    @property
    def variance(self) -> float:
        """The unbiased sample variance ``(Σy² - (Σy)²/n) / (n - 1)``; 0 below two units."""
        if self.n < 2:
            return 0.0
        return max(0.0, (self.total_sq - self.total * self.total / self.n) / (self.n - 1))
