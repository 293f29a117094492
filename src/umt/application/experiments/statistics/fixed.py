"""Fixed-horizon tests: valid when the data are looked at once, at the planned sample size.

Two-proportion z-test (Agresti 2013, §3.1 and §2.2.3; statsmodels ``proportions_ztest``):

    p̂ = (s_c + s_v) / (n_c + n_v)                      pooled rate under H₀: p_c = p_v
    z  = (p̂_v - p̂_c) / √(p̂(1 - p̂)(1/n_c + 1/n_v))
    p  = 2·(1 - Φ(|z|))
    CI = (p̂_v - p̂_c) ± Φ⁻¹(1 - alpha/2)·√(p̂_c(1 - p̂_c)/n_c + p̂_v(1 - p̂_v)/n_v)   (Wald, unpooled)

Welch's t-test for unequal variances (Welch 1947; scipy ``ttest_ind(equal_var=False)`` and
``ttest_ind_from_stats``), from the summary sums of each arm:

    se = √(s_c²/n_c + s_v²/n_v)
    t  = (ȳ_v - ȳ_c) / se
    nu  = se⁴ / ((s_c²/n_c)²/(n_c - 1) + (s_v²/n_v)²/(n_v - 1))     (Welch-Satterthwaite)
    p  = 2·(1 - F_t(|t|; nu))
    CI = (ȳ_v - ȳ_c) ± F_t⁻¹(1 - alpha/2; nu)·se
"""

from __future__ import annotations

import math
import sys

from scipy import stats

from umt.application.experiments.statistics.arms import BinaryArm, ContinuousArm
from umt.application.experiments.statistics.errors import require_probability
from umt.application.experiments.statistics.estimate import (
    Estimate,
    clamp_p,
    inconclusive,
    relative,
)

_MIN_UNITS = 2


def two_proportion_z_test(
    control: BinaryArm, variant: BinaryArm, *, alpha: float = 0.05
) -> Estimate:
    """Pooled two-proportion z-test of ``variant`` against ``control`` with a Wald interval."""
    require_probability(alpha, "alpha")
    effect = variant.rate - control.rate
    if control.trials < _MIN_UNITS or variant.trials < _MIN_UNITS:
        return inconclusive("z_test", effect, control.rate)
    pooled = (control.successes + variant.successes) / (control.trials + variant.trials)
    se_pooled = math.sqrt(pooled * (1.0 - pooled) * (1.0 / control.trials + 1.0 / variant.trials))
    if se_pooled == 0.0:
        return inconclusive("z_test", effect, control.rate)
    z = effect / se_pooled
    p_value = clamp_p(2.0 * float(stats.norm.sf(abs(z))))
    se = math.sqrt(
        control.rate * (1.0 - control.rate) / control.trials
        + variant.rate * (1.0 - variant.rate) / variant.trials
    )
    half = float(stats.norm.isf(alpha / 2.0)) * se
    return Estimate(
        method="z_test",
        effect=effect,
        relative_effect=relative(effect, control.rate),
        ci_low=effect - half,
        ci_high=effect + half,
        p_value=p_value,
        significant=p_value < alpha,
    )


def welch_t_test(
    control: ContinuousArm, variant: ContinuousArm, *, alpha: float = 0.05
) -> Estimate:
    """Welch's unequal-variance t-test of ``variant`` against ``control`` from summary sums."""
    require_probability(alpha, "alpha")
    effect = variant.mean - control.mean
    if control.n < _MIN_UNITS or variant.n < _MIN_UNITS:
        return inconclusive("welch_t", effect, control.mean)
    v_c = control.variance / control.n
    v_v = variant.variance / variant.n
    var = v_c + v_v
    if var <= sys.float_info.min or not math.isfinite(var):  # below normal floats: noise
        return inconclusive("welch_t", effect, control.mean)
    se = math.sqrt(var)
    # Welch-Satterthwaite, with each arm's share of the variance: var² and the squared terms
    # underflow to 0/0 for tiny variances, the shares (which sum to 1) cannot
    share_c, share_v = v_c / var, v_v / var
    dof = 1.0 / (share_c * share_c / (control.n - 1) + share_v * share_v / (variant.n - 1))
    t = effect / se
    p_value = clamp_p(2.0 * float(stats.t.sf(abs(t), dof)))
    half = float(stats.t.isf(alpha / 2.0, dof)) * se
    return Estimate(
        method="welch_t",
        effect=effect,
        relative_effect=relative(effect, control.mean),
        ci_low=effect - half,
        ci_high=effect + half,
        p_value=p_value,
        significant=p_value < alpha,
    )
