"""Power analysis: the units per arm a two-sided, two-sample test needs.

Normal approximation with equal arms (Cohen 1988, ch. 6 and 12; the same computation as
statsmodels ``NormalIndPower``). With ``z = Φ⁻¹(1 - alpha/2)`` and a standardized effect ``e``,
the power at ``n`` units per arm counts both rejection tails:

    power(n) = Φ(e·√(n/2) - z) + Φ(-e·√(n/2) - z)

and the answer is the smallest integer ``n`` with ``power(n) ≥ power``. The textbook closed
form ``n ≈ 2·((z + Φ⁻¹(power)) / e)²`` ignores the second tail (negligible in practice); it
seeds the root finder, which solves the two-tailed equation exactly before rounding up.

- Proportions: ``e`` is Cohen's ``h = 2·asin(√p₂) - 2·asin(√p₁)`` (the arcsine transform
  stabilizes the binomial variance; statsmodels ``proportion_effectsize``), with
  ``p₁ = baseline`` and ``p₂ = baseline·(1 + relative_mde)``.
- Means: ``e = absolute_mde / std`` (Cohen's ``d``), the z-test counterpart of the t-test;
  at online-experiment sizes the two agree to a unit or so (statsmodels ``zt_ind_solve_power``
  vs ``tt_ind_solve_power``).

Rule of thumb to cross-check (van Belle 2008, §2.3; Kohavi, Tang & Xu 2020, ch. 17): at
alpha 0.05 and power 0.8, ``n ≈ 16·sigma²/δ²`` per arm.
"""

from __future__ import annotations

import math

from scipy import optimize, stats

from umt.application.experiments.statistics.errors import (
    StatisticsInputError,
    require_positive,
    require_probability,
)


def sample_size_proportions(
    *, baseline: float, relative_mde: float, alpha: float = 0.05, power: float = 0.8
) -> int:
    """Units per arm to detect a relative change ``relative_mde`` of the rate ``baseline``."""
    require_probability(baseline, "baseline")
    require_probability(alpha, "alpha")
    require_probability(power, "power")
    if not math.isfinite(relative_mde) or relative_mde == 0.0:
        raise StatisticsInputError(
            "the minimum detectable effect must be a finite non-zero number", field="relative_mde"
        )
    target = baseline * (1.0 + relative_mde)
    if not 0.0 < target < 1.0:
        raise StatisticsInputError(
            "baseline x (1 + relative_mde) must stay a rate strictly between 0 and 1",
            field="relative_mde",
        )
    h = 2.0 * math.asin(math.sqrt(target)) - 2.0 * math.asin(math.sqrt(baseline))
    return _units_per_arm(abs(h), alpha=alpha, power=power)


def sample_size_means(
    *, std: float, absolute_mde: float, alpha: float = 0.05, power: float = 0.8
) -> int:
    """Units per arm to detect a shift ``absolute_mde`` of a mean with standard deviation
    ``std``."""
    require_positive(std, "std")
    require_probability(alpha, "alpha")
    require_probability(power, "power")
    if not math.isfinite(absolute_mde) or absolute_mde == 0.0:
        raise StatisticsInputError(
            "the minimum detectable effect must be a finite non-zero number", field="absolute_mde"
        )
    effect = abs(absolute_mde) / std
    if effect < 1e-9:
        raise StatisticsInputError(
            "the effect is too small against the standard deviation to plan for",
            field="absolute_mde",
        )
    return _units_per_arm(effect, alpha=alpha, power=power)


def achieved_power(effect: float, n: float, *, alpha: float = 0.05) -> float:
    """The two-sided power at ``n`` units per arm of a standardized ``effect`` (both tails)."""
    z = float(stats.norm.isf(alpha / 2.0))
    shift = effect * math.sqrt(n / 2.0)
    return float(stats.norm.cdf(shift - z) + stats.norm.cdf(-shift - z))


def _units_per_arm(effect: float, *, alpha: float, power: float) -> int:
    z_alpha = float(stats.norm.isf(alpha / 2.0))
    z_power = float(stats.norm.ppf(power))
    approx = 2.0 * ((z_alpha + z_power) / effect) ** 2
    if achieved_power(effect, 0.0, alpha=alpha) >= power:
        # power below alpha: any sample reaches it; one unit per arm is the honest minimum
        return 1
    # The two-tailed power is increasing in n; the one-tailed closed form is an upper bound.
    root = optimize.brentq(
        lambda n: achieved_power(effect, n, alpha=alpha) - power,
        0.0,
        approx * 1.0001 + 1e-9,
        xtol=1e-10,
        rtol=1e-14,
    )
    # ceil with a guard against 63.0000000001 from the root finder's tolerance
    return max(1, math.ceil(float(root) - 1e-9))
