"""Sequential, always-valid inference: the mixture sequential probability ratio test (mSPRT).

Johari, Koomen, Pekelis & Walsh, "Peeking at A/B Tests" (KDD 2017) and "Always Valid
Inference: Continuous Monitoring of A/B Tests" (Operations Research 70(3), 2022); Robbins
(1970) for the normal mixture. With ``θ̂`` the observed difference (variant - control) and
``V`` its variance, the likelihood ratio of ``θ ~ N(θ₀, τ²)`` against ``θ = θ₀``, integrated
over the normal mixture of width ``τ``, is

    Λ(θ₀) = √(V / (V + τ²)) · exp( τ²·(θ̂ - θ₀)² / (2·V·(V + τ²)) )

Λ(0) is a nonnegative martingale under H₀ (θ = 0) with mean 1, so by Ville's inequality
``P(sup_n Λ_n ≥ 1/alpha) ≤ alpha``: the test rejects the first time ``Λ_n ≥ 1/alpha``,
whenever and as often as the data are looked at.

- Always-valid p-value: ``p_n = min(1, min_{m ≤ n} 1/Λ_m(0))``, a running minimum, hence
  non-increasing as data accumulate. One call sees one look; pass the previous look's
  `Estimate` as ``previous`` to carry the running minimum (and the interval intersection), or
  use `msprt_proportions_p_values` / `msprt_means_p_values` over a whole path of looks.
- Always-valid interval: the ``θ₀`` with ``Λ(θ₀) < 1/alpha``, i.e.
  ``θ̂ ± √( V·(V + τ²)/τ² · (2·log(1/alpha) + log((V + τ²)/V)) )``, intersected over the looks
  (``CI_n = ∩_{m ≤ n} I_m``); an empty intersection (an event of probability ≤ alpha, a sign of
  a drifting effect) falls back to the latest look's interval.
- Variances: proportions test with the pooled rate under H₀,
  ``V₀ = p̄(1 - p̄)(1/n_c + 1/n_v)``, as the fixed z-test does, and build the interval with
  the unpooled ``V = p̂_c(1 - p̂_c)/n_c + p̂_v(1 - p̂_v)/n_v`` (``V₀`` when that is 0, as for
  0% against 100%); means use
  ``V = s_c²/n_c + s_v²/n_v`` for both (Welch).
- ``τ`` (the mixing standard deviation, in the metric's units): the test is most powerful
  for effects around ``τ``, so the best value is the effect you expect, e.g. the experiment's
  absolute minimum detectable effect. Default (None): ``τ = 0.05·sigma``, a small standardized
  effect (Cohen's d of 0.05, where online experiments usually live), with ``sigma`` the per-unit
  standard deviation (``√(p̄(1 - p̄))`` for proportions, ``√((s_c² + s_v²)/2)`` for means).
  Validity holds for any fixed ``τ``; only power depends on it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from umt.application.experiments.statistics.arms import BinaryArm, ContinuousArm
from umt.application.experiments.statistics.errors import (
    StatisticsInputError,
    require_positive,
    require_probability,
)
from umt.application.experiments.statistics.estimate import Estimate, clamp_p, relative

DEFAULT_STANDARDIZED_TAU = 0.05
"""The default mixing width, in per-unit standard deviations of the metric."""

_MIN_UNITS = 2

FloatArray = NDArray[np.float64]


def mixture_likelihood_ratio(effect: ArrayLike, variance: ArrayLike, tau: ArrayLike) -> FloatArray:
    """``Λ`` of the normal mixture at ``θ₀ = 0``, elementwise (see the module docstring)."""
    return np.exp(log_mixture_likelihood_ratio(effect, variance, tau))


def log_mixture_likelihood_ratio(
    effect: ArrayLike, variance: ArrayLike, tau: ArrayLike
) -> FloatArray:
    """``log Λ = ½·log(V/(V + τ²)) + τ²·θ̂²/(2·V·(V + τ²))``, elementwise; requires V > 0."""
    theta = np.asarray(effect, dtype=np.float64)
    v = np.asarray(variance, dtype=np.float64)
    tau_sq = np.square(np.asarray(tau, dtype=np.float64))
    total = v + tau_sq
    result: FloatArray = 0.5 * np.log(v / total) + tau_sq * theta * theta / (2.0 * v * total)
    return result


def always_valid_half_width(variance: ArrayLike, tau: ArrayLike, *, alpha: float) -> FloatArray:
    """Half-width of the look's always-valid interval:
    ``√(V·(V + τ²)/τ² · (2·log(1/alpha) + log((V + τ²)/V)))``."""
    v = np.asarray(variance, dtype=np.float64)
    tau_sq = np.square(np.asarray(tau, dtype=np.float64))
    total = v + tau_sq
    result: FloatArray = np.sqrt(
        v * total / tau_sq * (2.0 * math.log(1.0 / alpha) + np.log(total / v))
    )
    return result


def msprt_proportions_p_values(
    control_trials: ArrayLike,
    control_successes: ArrayLike,
    variant_trials: ArrayLike,
    variant_successes: ArrayLike,
    *,
    tau: float | None = None,
) -> FloatArray:
    """Always-valid p-values along a path of looks at binary arms, vectorised.

    Arguments are cumulative counts with the looks on the last axis (any leading axes, e.g.
    many simulated experiments); the result has the same shape and is the running minimum of
    ``min(1, 1/Λ)`` along the last axis. Looks without enough data count as ``1/Λ = 1``.
    """
    return np.minimum.accumulate(
        _proportions_look_p(
            control_trials, control_successes, variant_trials, variant_successes, tau
        ),
        axis=-1,
    )


def msprt_means_p_values(
    control_n: ArrayLike,
    control_total: ArrayLike,
    control_total_sq: ArrayLike,
    variant_n: ArrayLike,
    variant_total: ArrayLike,
    variant_total_sq: ArrayLike,
    *,
    tau: float | None = None,
) -> FloatArray:
    """Always-valid p-values along a path of looks at continuous arms (cumulative ``n``,
    ``Σy``, ``Σy²`` with the looks on the last axis), vectorised; see
    `msprt_proportions_p_values`."""
    effect, variance, unit_var, ok = _means_moments(
        control_n, control_total, control_total_sq, variant_n, variant_total, variant_total_sq
    )
    return np.minimum.accumulate(_look_p(effect, variance, unit_var, ok, tau), axis=-1)


def msprt_proportions(
    control: BinaryArm,
    variant: BinaryArm,
    *,
    alpha: float = 0.05,
    tau: float | None = None,
    previous: Estimate | None = None,
) -> Estimate:
    """The mSPRT on a binary metric at this look (running minimum through ``previous``)."""
    _check(alpha, tau, previous)
    effect = variant.rate - control.rate
    p_look = float(
        _proportions_look_p(
            control.trials, control.successes, variant.trials, variant.successes, tau
        )
    )
    half = math.inf
    pooled = (control.successes + variant.successes) / max(1, control.trials + variant.trials)
    if control.trials >= _MIN_UNITS and variant.trials >= _MIN_UNITS and 0.0 < pooled < 1.0:
        variance = (
            control.rate * (1.0 - control.rate) / control.trials
            + variant.rate * (1.0 - variant.rate) / variant.trials
        )
        if variance == 0.0:  # 0% against 100%: only the pooled variance is informative
            variance = pooled * (1.0 - pooled) * (1.0 / control.trials + 1.0 / variant.trials)
        width = (
            tau if tau is not None else DEFAULT_STANDARDIZED_TAU * math.sqrt(pooled * (1 - pooled))
        )
        half = float(always_valid_half_width(variance, width, alpha=alpha))
    return _estimate(effect, control.rate, p_look, half, alpha, previous)


def msprt_means(
    control: ContinuousArm,
    variant: ContinuousArm,
    *,
    alpha: float = 0.05,
    tau: float | None = None,
    previous: Estimate | None = None,
) -> Estimate:
    """The mSPRT on a continuous metric at this look (running minimum through ``previous``)."""
    _check(alpha, tau, previous)
    effect_arr, variance_arr, unit_var_arr, ok_arr = _means_moments(
        control.n, control.total, control.total_sq, variant.n, variant.total, variant.total_sq
    )
    effect = variant.mean - control.mean
    p_look = float(_look_p(effect_arr, variance_arr, unit_var_arr, ok_arr, tau))
    half = math.inf
    if bool(ok_arr):
        width = (
            tau if tau is not None else DEFAULT_STANDARDIZED_TAU * math.sqrt(float(unit_var_arr))
        )
        half = float(always_valid_half_width(float(variance_arr), width, alpha=alpha))
        if math.isnan(half):  # extreme magnitudes: an interval that says nothing, not NaN
            half = math.inf
    return _estimate(effect, control.mean, p_look, half, alpha, previous)


def _check(alpha: float, tau: float | None, previous: Estimate | None) -> None:
    require_probability(alpha, "alpha")
    if tau is not None:
        require_positive(tau, "tau")
    if previous is not None and previous.method != "msprt":
        raise StatisticsInputError("the previous look must be an msprt estimate", field="previous")


def _estimate(
    effect: float,
    control_value: float,
    p_look: float,
    half: float,
    alpha: float,
    previous: Estimate | None,
) -> Estimate:
    p_value = clamp_p(p_look)
    low, high = effect - half, effect + half
    if previous is not None:
        p_value = min(p_value, previous.p_value)
        joint_low, joint_high = max(low, previous.ci_low), min(high, previous.ci_high)
        if joint_low <= joint_high:
            low, high = joint_low, joint_high
    return Estimate(
        method="msprt",
        effect=effect,
        relative_effect=relative(effect, control_value),
        ci_low=low,
        ci_high=high,
        p_value=p_value,
        significant=p_value < alpha,
    )


def _proportions_look_p(
    control_trials: ArrayLike,
    control_successes: ArrayLike,
    variant_trials: ArrayLike,
    variant_successes: ArrayLike,
    tau: float | None,
) -> FloatArray:
    n_c = np.asarray(control_trials, dtype=np.float64)
    s_c = np.asarray(control_successes, dtype=np.float64)
    n_v = np.asarray(variant_trials, dtype=np.float64)
    s_v = np.asarray(variant_successes, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        effect = s_v / n_v - s_c / n_c
        pooled = (s_c + s_v) / (n_c + n_v)
        unit_var = pooled * (1.0 - pooled)
        variance = unit_var * (1.0 / n_c + 1.0 / n_v)
    ok = (n_c >= _MIN_UNITS) & (n_v >= _MIN_UNITS) & (unit_var > 0.0)
    return _look_p(effect, variance, unit_var, ok, tau)


def _means_moments(
    control_n: ArrayLike,
    control_total: ArrayLike,
    control_total_sq: ArrayLike,
    variant_n: ArrayLike,
    variant_total: ArrayLike,
    variant_total_sq: ArrayLike,
) -> tuple[FloatArray, FloatArray, FloatArray, NDArray[np.bool_]]:
    n_c = np.asarray(control_n, dtype=np.float64)
    n_v = np.asarray(variant_n, dtype=np.float64)
    t_c = np.asarray(control_total, dtype=np.float64)
    t_v = np.asarray(variant_total, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        var_c = np.maximum(
            0.0, (np.asarray(control_total_sq, dtype=np.float64) - t_c * t_c / n_c) / (n_c - 1)
        )
        var_v = np.maximum(
            0.0, (np.asarray(variant_total_sq, dtype=np.float64) - t_v * t_v / n_v) / (n_v - 1)
        )
        effect = t_v / n_v - t_c / n_c
        variance = var_c / n_c + var_v / n_v
    unit_var = (var_c + var_v) / 2.0
    # a variance below the smallest normal float is noise of the arithmetic, not a spread
    # (its square and quotients underflow): no test on it
    tiny = np.finfo(np.float64).tiny
    ok = (n_c >= _MIN_UNITS) & (n_v >= _MIN_UNITS) & (variance > tiny) & np.isfinite(variance)
    return effect, variance, unit_var, ok


def _look_p(
    effect: FloatArray,
    variance: FloatArray,
    unit_var: FloatArray,
    ok: NDArray[np.bool_],
    tau: float | None,
) -> FloatArray:
    """``min(1, 1/Λ)`` per look; 1 where the look cannot support a test."""
    width: Any = tau if tau is not None else DEFAULT_STANDARDIZED_TAU * np.sqrt(unit_var)
    safe_v = np.where(ok, variance, 1.0)
    safe_w = np.where(ok, width, 1.0)
    safe_e = np.where(ok, effect, 0.0)
    log_lr = log_mixture_likelihood_ratio(safe_e, safe_v, safe_w)
    p: FloatArray = np.where(ok, np.minimum(1.0, np.exp(-log_lr)), 1.0)
    return p
