"""The one error of the statistics engine: an input that is not a valid summary."""

from __future__ import annotations

import math


class StatisticsInputError(ValueError):
    """Invalid input: negative counts, successes above trials, weights not positive, a level
    outside (0, 1), a non-finite number. ``field`` names the offending argument."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def require_probability(value: float, field: str) -> None:
    """A level such as alpha, power or q must lie strictly between 0 and 1."""
    if not (math.isfinite(value) and 0.0 < value < 1.0):
        raise StatisticsInputError(f"{field} must lie strictly between 0 and 1", field=field)


def require_positive(value: float, field: str) -> None:
    """A scale such as a standard deviation or a mixing width must be finite and above 0."""
    if not (math.isfinite(value) and value > 0.0):
        raise StatisticsInputError(f"{field} must be a finite number above 0", field=field)


def require_finite(value: float, field: str) -> None:
    """Sums of observations must be finite numbers."""
    if not math.isfinite(value):
        raise StatisticsInputError(f"{field} must be a finite number", field=field)
