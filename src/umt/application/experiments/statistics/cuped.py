"""CUPED: variance reduction with a pre-period covariate (Deng, Xu, Kohavi & Walker,
"Improving the Sensitivity of Online Controlled Experiments by Utilizing Pre-Experiment
Data", WSDM 2013).

Each unit's outcome ``y`` is replaced by ``y' = y - θ·(x - μ_x)``, where ``x`` is the same
unit's pre-period value, ``μ_x`` the mean of ``x`` over every arm with a covariate, and

    θ = Σ_arms S_xy / Σ_arms S_xx,   S_xy = Σxy - Σx·Σy/n,   S_xx = Σx² - (Σx)²/n

is pooled over all arms from within-arm centered sums (one θ for every arm, so the
comparison stays unbiased: randomization makes ``E[x - μ_x]`` equal in every arm, and
``E[y'] = E[y]``). With ``rho`` the correlation of ``x`` and ``y``, the adjusted variance is
``Var(y') = Var(y)·(1 - rho²)`` at the optimum ``θ = Cov(x, y)/Var(x)``.

The adjusted sums follow from the raw ones (with ``c = x - μ_x``):

    Σy'  = Σy - θ·(Σx - n·μ_x)
    Σy'² = Σy² - 2θ·(Σxy - μ_x·Σy) + θ²·(Σx² - 2μ_x·Σx + n·μ_x²)
    Σxy' = Σxy - θ·(Σx² - μ_x·Σx)

so an adjusted arm keeps its covariate (with the updated cross sum) and adjusting twice
changes nothing more. Arms without a covariate are returned unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from umt.application.experiments.statistics.arms import ContinuousArm, Covariate


def cuped(arms: Sequence[ContinuousArm]) -> list[ContinuousArm]:
    """The arms with ``y`` adjusted by one pooled θ (arms without a covariate unchanged)."""
    with_cov = [arm for arm in arms if arm.covariate is not None and arm.n > 0]
    theta = cuped_theta(arms)
    if theta is None or theta == 0.0:
        return list(arms)
    units = sum(arm.n for arm in with_cov)
    mu = sum(arm.covariate.total for arm in with_cov if arm.covariate is not None) / units
    return [_adjust(arm, theta, mu) for arm in arms]


def cuped_theta(arms: Sequence[ContinuousArm]) -> float | None:
    """The pooled ``θ = Σ S_xy / Σ S_xx`` over the arms with a covariate (None when the
    covariate has no variance, or no arm has one)."""
    s_xy = 0.0
    s_xx = 0.0
    for arm in arms:
        cov = arm.covariate
        if cov is None or arm.n == 0:
            continue
        s_xy += cov.total_cross - cov.total * arm.total / arm.n
        s_xx += cov.total_sq - cov.total * cov.total / arm.n
    if s_xx <= 0.0:
        return None
    return s_xy / s_xx


def _adjust(arm: ContinuousArm, theta: float, mu: float) -> ContinuousArm:
    cov = arm.covariate
    if cov is None or arm.n == 0:
        return arm
    centered_sq = cov.total_sq - 2.0 * mu * cov.total + arm.n * mu * mu
    total = arm.total - theta * (cov.total - arm.n * mu)
    total_sq = (
        arm.total_sq
        - 2.0 * theta * (cov.total_cross - mu * arm.total)
        + theta * theta * centered_sq
    )
    cross = cov.total_cross - theta * (cov.total_sq - mu * cov.total)
    return replace(
        arm,
        total=total,
        total_sq=max(0.0, total_sq),
        covariate=Covariate(total=cov.total, total_sq=cov.total_sq, total_cross=cross),
    )
