"""The result of a frequentist comparison of a variant with control."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Estimate:
    """Variant minus control on the primary metric.

    ``effect`` is the absolute difference of rates or means, ``relative_effect`` that
    difference over the control value (None when the control value is 0). ``[ci_low,
    ci_high]`` is the ``1 - alpha`` interval on ``effect`` (always valid for ``msprt``),
    ``significant`` is ``p_value < alpha``. With too little data the interval is infinite and
    ``p_value`` is 1.
    """

    method: str
    effect: float
    relative_effect: float | None
    ci_low: float
    ci_high: float
    p_value: float
    significant: bool


def relative(effect: float, control_value: float) -> float | None:
    """``effect / control_value``, or None when the control value is 0."""
    return effect / control_value if control_value != 0.0 else None


def inconclusive(method: str, effect: float, control_value: float) -> Estimate:
    """The answer when the data cannot support a test (n < 2, zero variance): p = 1 and an
    infinite interval, instead of a division by zero."""
    return Estimate(
        method=method,
        effect=effect,
        relative_effect=relative(effect, control_value),
        ci_low=-math.inf,
        ci_high=math.inf,
        p_value=1.0,
        significant=False,
    )


def clamp_p(value: float) -> float:
    """A p-value inside [0, 1] whatever the rounding (NaN reads as 1: no evidence)."""
    if math.isnan(value):
        return 1.0
    return min(1.0, max(0.0, value))
