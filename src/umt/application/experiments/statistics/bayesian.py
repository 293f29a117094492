"""Bayesian beta-binomial comparison: probability to beat control and expected loss.

Each arm's rate gets a conjugate posterior ``Beta(a + successes, b + failures)`` from the
prior ``Beta(a, b)`` (uniform ``Beta(1, 1)`` by default). With ``A`` the control's posterior
and ``B`` the variant's:

- Probability to beat control, ``P(B > A) = ∫₀¹ F_A(F_B⁻¹(u)) du``: the integral of A's
  cdf against B's distribution, written in B's quantile scale so the integrand is bounded,
  monotone and smooth however concentrated the posteriors are (adaptive quadrature). For
  integer parameters it equals Evan Miller's closed form (Miller 2015, "Formulas for
  Bayesian A/B Testing"): ``Σ_{i=0}^{alpha_B-1} B(alpha_A+i, β_A+β_B) / ((β_B+i)·B(1+i, β_B)·
  B(alpha_A, β_A))``, which the tests check.
- Expected loss of choosing the variant, ``E[max(A - B, 0)]`` in rate units (Stucchio 2015,
  "Bayesian A/B Testing at VWO", §4): with ``x·Beta(x; a, b) = a/(a + b)·Beta(x; a + 1, b)``,

      E[max(A - B, 0)] = E[A]·P(A⁺ > B) - E[B]·P(A > B⁺)

  where ``A⁺ ~ Beta(alpha_A + 1, β_A)`` and ``B⁺ ~ Beta(alpha_B + 1, β_B)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import integrate, special

from umt.application.experiments.statistics.arms import BinaryArm
from umt.application.experiments.statistics.errors import require_positive


@dataclass(frozen=True, slots=True, kw_only=True)
class BayesianEstimate:
    """``probability_to_beat_control`` is ``P(variant rate > control rate | data)``;
    ``expected_loss`` is ``E[max(control - variant, 0) | data]``, in rate units."""

    probability_to_beat_control: float
    expected_loss: float


def beta_binomial(
    control: BinaryArm, variant: BinaryArm, *, prior: tuple[float, float] = (1.0, 1.0)
) -> BayesianEstimate:
    """The beta-binomial comparison of ``variant`` with ``control`` under ``Beta(prior)``."""
    a0, b0 = prior
    require_positive(a0, "prior")
    require_positive(b0, "prior")
    a_c, b_c = a0 + control.successes, b0 + control.failures
    a_v, b_v = a0 + variant.successes, b0 + variant.failures
    beat = probability_greater(a_v, b_v, a_c, b_c)
    loss = a_c / (a_c + b_c) * probability_greater(a_c + 1.0, b_c, a_v, b_v) - a_v / (
        a_v + b_v
    ) * probability_greater(a_c, b_c, a_v + 1.0, b_v)
    return BayesianEstimate(
        probability_to_beat_control=min(1.0, max(0.0, beat)),
        expected_loss=max(0.0, loss),
    )


def probability_greater(a_x: float, b_x: float, a_y: float, b_y: float) -> float:
    """``P(X > Y)`` for independent ``X ~ Beta(a_x, b_x)`` and ``Y ~ Beta(a_y, b_y)``:
    ``∫₀¹ F_Y(F_X⁻¹(u)) du``."""

    def integrand(u: float) -> float:
        return float(special.betainc(a_y, b_y, special.betaincinv(a_x, b_x, u)))

    # Breakpoints where Y's cdf climbs (in X's quantile scale) help the adaptive rule find
    # a step when the posteriors barely overlap.
    points = sorted(
        {
            min(1.0 - 1e-12, max(1e-12, float(special.betainc(a_x, b_x, q))))
            for q in (float(special.betaincinv(a_y, b_y, level)) for level in (0.001, 0.5, 0.999))
        }
    )
    value, _ = integrate.quad(
        integrand, 0.0, 1.0, points=points, limit=200, epsabs=1e-12, epsrel=1e-10
    )
    return float(value) if math.isfinite(value) else 0.5
